// Loads a .glb in Babylon.js (NullEngine, real Node ESM, outside Jest) and samples one animation group.
// node babylon-sample.mjs FILE.glb CLIP MESHNODE NODE1,NODE2 t1,t2,... → JSON [{weights, rotations}] on stdout
import { readFileSync } from 'node:fs';
import * as BABYLON from '@babylonjs/core';
import '@babylonjs/loaders/glTF/index.js';

const [file, clipName, meshNode, nodeList, timeList] = process.argv.slice(2);
const nodes = nodeList ? nodeList.split(',') : [];
const times = timeList.split(',').map(Number);
BABYLON.Logger.LogLevels = BABYLON.Logger.ErrorLogLevel;
const engine = new BABYLON.NullEngine();
const scene = new BABYLON.Scene(engine);
new BABYLON.FreeCamera('camera', new BABYLON.Vector3(0, 0.2, 1), scene);
const container = await BABYLON.LoadAssetContainerAsync(new Uint8Array(readFileSync(file)), scene, { pluginExtension: '.glb' });
container.addAllToScene();
const group = scene.animationGroups.find((g) => g.name === clipName);
if (!group) throw new Error(`Babylon found no animation group "${clipName}"`);
group.start(false);
group.pause();
const meshes = scene.meshes.filter(
  (m) => m.morphTargetManager && (m.name === meshNode || m.parent?.name === meshNode || m.name.startsWith(`${meshNode}_primitive`)),
);
if (!meshes.length) throw new Error(`Babylon found no morph mesh for "${meshNode}": ${scene.meshes.map((m) => m.name).join(', ')}`);
const fps = group.targetedAnimations[0]?.animation.framePerSecond ?? 60;
const out = times.map((s) => {
  group.goToFrame(s * fps);
  scene.render();
  const mtm = meshes[0].morphTargetManager;
  const weights = {};
  for (let i = 0; i < mtm.numTargets; i++) weights[mtm.getTarget(i).name] = mtm.getTarget(i).influence;
  const rotations = {};
  for (const n of nodes) {
    const t = scene.getTransformNodeByName(n) ?? scene.getNodeByName(n);
    const q = t?.rotationQuaternion;
    if (q) rotations[n] = [q.x, q.y, q.z, q.w];
  }
  return { weights, rotations };
});
process.stdout.write(JSON.stringify({ fps, meshes: meshes.map((m) => m.name), samples: out }));
