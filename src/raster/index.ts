/**
 * A rig as triangles, posed and drawn in software: the rest mesh with its morph and skin bases, posing by
 * a track's weights and head motion, the face box, the pinhole camera of a person's video and a
 * z-buffer rasteriser. Shared by tracking (fitting a rig to video), neural (conditioning images) and the
 * renderers that need them.
 */
export * from './camera';
export * from './rasterize';
export * from './rig-mesh';
