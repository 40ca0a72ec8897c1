"""Renders a .glb head with Blender Cycles (CPU), for docs/rigs and visual checks.

blender -b --factory-startup --python tests/blender/render_head.py -- HEAD.glb OUT.png [JSON]
JSON (optional): {"weights": {"jawOpen": 1, ...}, "view": "front"|"three-quarter"|"side", "size": 512, "samples": 48}
"""

import json
import math
import sys

import bpy
import numpy
from mathutils import Vector

numpy.bool = bool  # Blender 3.4's glTF importer still uses numpy.bool, removed in numpy 1.24

argv = sys.argv[sys.argv.index("--") + 1 :]
glb, out = argv[0], argv[1]
opts = json.loads(argv[2]) if len(argv) > 2 else {}
weights = opts.get("weights", {})
view = opts.get("view", "front")
size = int(opts.get("size", 512))

bpy.ops.wm.read_factory_settings(use_empty=True)
bpy.ops.import_scene.gltf(filepath=glb)
scene = bpy.context.scene
for obj in scene.objects:
    if obj.type == "MESH" and obj.data.shape_keys:
        for kb in obj.data.shape_keys.key_blocks:
            if kb.name in weights:
                kb.value = float(weights[kb.name])
    if obj.type == "ARMATURE":
        for pb in obj.pose.bones:
            if pb.name in opts.get("bones", {}):
                pb.rotation_mode = "XYZ"
                pb.rotation_euler = opts["bones"][pb.name]

# Head is ~0.2 m; glTF +Z (front) is Blender -Y.
center = (float(opts.get("center_x", 0.0)), float(opts.get("center_y", 0.0)), float(opts.get("center_z", 0.2)))
dist = float(opts.get("distance", 0.75))
az = {"front": 0.0, "three-quarter": 35.0, "side": 90.0}.get(view, float(opts.get("azimuth", 0)))
el = float(opts.get("elevation", 6.0))
cam_data = bpy.data.cameras.new("cam")
cam_data.lens = 85
cam_data.clip_start = 0.005
cam = bpy.data.objects.new("cam", cam_data)
scene.collection.objects.link(cam)
a, e = math.radians(az), math.radians(el)
cam.location = (
    center[0] + dist * math.sin(a) * math.cos(e),
    center[1] - dist * math.cos(a) * math.cos(e),
    center[2] + dist * math.sin(e),
)
direction = [center[i] - cam.location[i] for i in range(3)]
cam.rotation_euler = Vector(direction).to_track_quat("-Z", "Y").to_euler()
scene.camera = cam


def light(name, loc, energy, size_m):
    ld = bpy.data.lights.new(name, "AREA")
    ld.energy = energy
    ld.size = size_m
    lo = bpy.data.objects.new(name, ld)
    lo.location = loc
    d = [center[i] - loc[i] for i in range(3)]
    lo.rotation_euler = Vector(d).to_track_quat("-Z", "Y").to_euler()
    scene.collection.objects.link(lo)


light("key", (0.45, -0.6, 0.55), 22, 0.5)
light("fill", (-0.6, -0.5, 0.3), 9, 0.8)
light("rim", (0.0, 0.6, 0.5), 14, 0.5)
world = bpy.data.worlds.new("w")
world.use_nodes = True
world.node_tree.nodes["Background"].inputs[0].default_value = (0.16, 0.17, 0.2, 1)
world.node_tree.nodes["Background"].inputs[1].default_value = 0.6
scene.world = world
scene.render.engine = "CYCLES"
scene.cycles.device = "CPU"
scene.cycles.samples = int(opts.get("samples", 48))
scene.cycles.use_denoising = False
scene.render.resolution_x = size
scene.render.resolution_y = size
scene.render.film_transparent = False
scene.render.filepath = out
scene.view_settings.view_transform = "Standard"
bpy.ops.render.render(write_still=True)
