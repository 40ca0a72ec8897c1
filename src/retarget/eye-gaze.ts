/** Eye angles ↔ eyeLook weights live with the track (the generator writes them, exporters read them). */
export { EYE_GAIN, eyeAngles, setGazeWeights, type EyeAngles } from '../track';
