import type { Command } from '../command';

const command: Command = {
  summary: 'song → face track',
  usage: 'musicface animate SONG -o OUT.json',
  async run() {
    throw new Error('no generator model is installed (models/ is empty)');
  },
};
export default command;
