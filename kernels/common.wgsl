// Declarations every engine kernel shares (prepended to each kernel by main/snn/gpu/kernels.ts).
// Layouts are written by main/snn/gpu/layout.ts; keep the two in step.

struct Sizes {
  batch: u32, neurons: u32, steps: u32, ring: u32,
  pops: u32, prjs: u32, outOff: u32, nOut: u32,
  readout: u32, gradSize: u32, outPop: u32, regOn: u32,
  dt: f32, scale: f32, regK: f32, regNu: f32,
  fsTau: f32, fsAlpha: f32, fsPhantom: f32, _pad: f32,
}

// A population: its neurons are [off, off + size) of the global index; with positions, theirs
// are params[posOff + neuron·posDims + d], and a distance of 1 makes posScale ms of delay.
struct Pop {
  off: u32, size: u32, kind: u32, posOff: u32,
  alpha: f32, beta: f32, iScale: f32, threshold: f32,
  tauM: f32, tauS: f32, posScale: f32, posDims: u32,
}

// A projection: weights at params[wOff + i·nPost + j], integer delays at dsteps[dOff + …], and,
// when hasDelay, ∂L/∂d at grad[gdOff + …] of the per-sample gradient. mode: how its delays are
// made (MODE_*); dParam: where its delay parameters start (fixed and learned delays).
struct Prj {
  pre: u32, post: u32, preOff: u32, nPre: u32,
  postOff: u32, nPost: u32, wOff: u32, dOff: u32,
  gdOff: u32, hasDelay: u32, mode: u32, dParam: u32,
}

struct Step { n: i32 }

const MODE_NONE = 0u;
const MODE_FIXED = 1u;
const MODE_LEARN = 2u;
const MODE_POSITION = 3u;
const KIND_INPUT = 0u;
const KIND_LIF = 1u;
const READOUT_AVG_EXP = 0u;
const READOUT_AVG = 1u;
const READOUT_SUM = 2u;
const READOUT_MAX = 3u;
const READOUT_FIRST_SPIKE = 4u;
// floats per (sample, output) in `outs`: readout, arg-max step, first-spike time, first-spike
// step (−1: none yet), ∂L/∂r, ∂L/∂t, ∂L/∂V(T), unused
const OUT_STRIDE = 8u;
// the smallest I − V a jump divides by (MIN_I_MINUS_V of the CPU network)
const MIN_I_MINUS_V = 1e-3;
