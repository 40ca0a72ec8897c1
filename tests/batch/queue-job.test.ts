/**
 * A queued job carries its options as data for workers on other machines: a direction file named on the
 * enqueuing machine travels as its contents, and relative paths become absolute.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { absoluteAnimateOptions } from '../../src/batch/queue/queue-job';

test('a direction file is read into the job; model and stems paths become absolute', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-queue-job-'));
  try {
    const file = path.join(dir, 'direction.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        sections: [
          { start: 0, end: 4, emotion: 'joy', intensity: 0.5 },
          { start: 4, end: 8, emotion: 'sadness' },
        ],
      }),
    );
    const job = JSON.parse(
      JSON.stringify(absoluteAnimateOptions({ direction: file, model: 'my/model.json', stems: ['v.wav', 'a.wav'], emotion: 'joy' })),
    );
    fs.rmSync(file); // the worker never sees the file
    expect(job.direction.sections.map((s: { emotion: string }) => s.emotion)).toEqual(['joy', 'sadness']);
    expect(job.direction.sections[0].intensity).toBe(0.5);
    expect(job.model).toBe(path.resolve('my/model.json'));
    expect(job.stems).toEqual([path.resolve('v.wav'), path.resolve('a.wav')]);
    expect(job.emotion).toBe('joy');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad direction file is refused when the job is made, naming the file', () => {
  const file = path.join(os.tmpdir(), `mf-missing-${process.pid}.json`);
  expect(() => absoluteAnimateOptions({ direction: file })).toThrow(new RegExp(`${path.basename(file)}: cannot read the direction file`));
});
