"""Imports .glb clips with Blender's own glTF importer and reports what Blender sees, for
tests/exporters/blender.test.ts. One Blender process handles every file (startup is slow).

blender -b --factory-startup --python tests/blender/import_glb_clips.py -- JOB.json OUT.json

JOB.json: {"fps": 30, "frames": [k, ...], "files": [{"path": "...", "clip": "song",
           "mesh": "Face", "head": {"bone": "head"} | {"object": "ICTFace", "rest": [x, y, z, w]}}]}
OUT.json: per file: {"shapeKeys": [...], "weights": {name: [value at each frame]},
           "head": [[[row], [row], [row]] at each frame]}  -- head rotation relative to rest,
           converted back to glTF axes (+Y up, +Z front).
"""

import json
import sys

import bpy
import numpy
from mathutils import Matrix, Quaternion

numpy.bool = bool  # Blender 3.4's glTF importer still uses numpy.bool (removed in numpy 1.24)

job_path, out_path = sys.argv[sys.argv.index("--") + 1 :][:2]
job = json.load(open(job_path))
frames = job["frames"]
# Blender's importer maps glTF Y-up to Z-up: glTF (x, y, z) -> Blender (x, -z, y).
C = Matrix(((1, 0, 0), (0, 0, -1), (0, 1, 0)))


def action_named(idblock, clip):
    """The imported action for `clip` on an ID (active, or stashed in the NLA by the importer)."""
    ad = idblock.animation_data
    if ad is None:
        return None
    if ad.action and ad.action.name.startswith(clip):
        return ad.action
    for track in ad.nla_tracks:
        for strip in track.strips:
            if strip.action and strip.action.name.startswith(clip):
                return strip.action
    return ad.action


def to_gltf(m3):
    r = C.transposed() @ m3 @ C
    return [list(row) for row in r]


results = []
for f in job["files"]:
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.context.scene.render.fps = job["fps"]
    bpy.context.scene.render.fps_base = 1
    bpy.ops.import_scene.gltf(filepath=f["path"])
    res = {"path": f["path"]}
    mesh_objs = [o for o in bpy.context.scene.objects if o.type == "MESH" and o.data.shape_keys]
    obj = next((o for o in mesh_objs if o.name == f["mesh"]), mesh_objs[0] if mesh_objs else None)
    if obj is None:
        res["error"] = "no mesh with shape keys"
        results.append(res)
        continue
    key = obj.data.shape_keys
    res["shapeKeys"] = [kb.name for kb in key.key_blocks[1:]]
    act = action_named(key, f["clip"])
    res["weights"] = {}
    if act:
        for fc in act.fcurves:
            name = fc.data_path.split('"')[1]
            res["weights"][name] = [fc.evaluate(k) for k in frames]
    head = f["head"]
    mats = []
    if "bone" in head:
        arm = next(o for o in bpy.context.scene.objects if o.type == "ARMATURE")
        arm.animation_data.action = action_named(arm, f["clip"])
        bone = arm.data.bones[head["bone"]]
        rest = (arm.matrix_world @ bone.matrix_local).to_3x3().normalized()
        for k in frames:
            bpy.context.scene.frame_set(k)
            pose = (arm.matrix_world @ arm.pose.bones[head["bone"]].matrix).to_3x3().normalized()
            mats.append(to_gltf(pose @ rest.inverted()))
    else:
        o = bpy.context.scene.objects[head["object"]]
        o.animation_data.action = action_named(o, f["clip"])
        # The node's rest rotation comes from the source file (Blender shows the animated pose on import).
        x, y, z, w = head.get("rest", [0, 0, 0, 1])
        rest = C @ Quaternion((w, x, y, z)).to_matrix() @ C.transposed()
        for k in frames:
            bpy.context.scene.frame_set(k)
            mats.append(to_gltf(o.matrix_world.to_3x3().normalized() @ rest.inverted()))
    res["head"] = mats
    results.append(res)

json.dump(results, open(out_path, "w"))
