import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/**
 * The built-in face model: @vladmandic/face-api (SSD MobileNet v1 detector, 68-point landmarks, the
 * 128-float ResNet descriptor) on TensorFlow.js's WebAssembly backend, images decoded by sharp. Everything
 * loads from node_modules (no network). Runs inside the face worker process only (face-worker.ts).
 */

const require = createRequire(import.meta.url);

/** Only the few calls Tessera makes; the package's own types pull in the DOM. */
interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
}
interface Detection {
  detection: { score: number; box: { x: number; y: number; width: number; height: number } };
  descriptor: Float32Array;
}
interface FaceApi {
  nets: Record<'ssdMobilenetv1' | 'faceLandmark68Net' | 'faceRecognitionNet', { loadFromDisk(path: string): Promise<void> }>;
  SsdMobilenetv1Options: new (options: { minConfidence: number; maxResults: number }) => unknown;
  detectAllFaces(input: unknown, options: unknown): { withFaceLandmarks(): { withFaceDescriptors(): Promise<Detection[]> } };
}

/** The longest side an image is scaled down to before detection: enough for a face filling a selfie. */
const MAX_SIDE = 640;
/** Detections below this confidence are not counted as faces. */
const MIN_CONFIDENCE = 0.5;
/**
 * A clear face: when a photo has one, weaker detections beside it are ignored (a cropped, mirrored
 * capture of one face gave a spurious 0.63 box around the whole head); two clear ones are two people.
 */
const CLEAR_FACE_CONFIDENCE = 0.8;

export interface FoundFace {
  score: number;
  /** Where the face is, in the pixels of the image as given (after its EXIF rotation). */
  box: { left: number; top: number; width: number; height: number };
  descriptor: Float32Array;
}

export interface FaceModel {
  /** The faces of a photo (clear ones only when there is one: see CLEAR_FACE_CONFIDENCE). */
  faces(image: Buffer): Promise<FoundFace[]>;
  /** Their 128-float descriptors. */
  descriptors(image: Buffer): Promise<Float32Array[]>;
}

export async function loadFaceModel(): Promise<FaceModel> {
  const tf = require('@tensorflow/tfjs') as Tf;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string, usePlatformFetch?: boolean): void };
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  const models = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: MIN_CONFIDENCE, maxResults: 5 });

  async function faces(image: Buffer): Promise<FoundFace[]> {
    const decoder = sharp(image, { limitInputPixels: 40_000_000 }).rotate();
    const { data, info } = await decoder
      .removeAlpha()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const original = await sharp(image).rotate().metadata();
    const oriented = (original.orientation ?? 1) >= 5;
    const scale = ((oriented ? original.height : original.width) ?? info.width) / info.width;
    const tensor = tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], 'int32');
    try {
      const found = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks().withFaceDescriptors();
      const clear = found.filter((face) => face.detection.score >= CLEAR_FACE_CONFIDENCE);
      return (clear.length > 0 ? clear : found).map(({ detection, descriptor }) => ({
        score: detection.score,
        box: {
          left: Math.round(detection.box.x * scale),
          top: Math.round(detection.box.y * scale),
          width: Math.round(detection.box.width * scale),
          height: Math.round(detection.box.height * scale),
        },
        descriptor,
      }));
    } finally {
      tensor.dispose();
      // The decoded pixels are dropped with this scope (BIO-04).
      data.fill(0);
    }
  }

  return {
    faces,
    descriptors: async (image) => (await faces(image)).map((face) => face.descriptor),
  };
}

/** Euclidean distance between two descriptors (face-api's measure; same person below ~0.5). */
export function descriptorDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - (b[i] ?? 0)) ** 2;
  return Math.sqrt(sum);
}

export const templateOf = (descriptor: Float32Array): Buffer => Buffer.from(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength);
export const descriptorOf = (template: Buffer): Float32Array =>
  new Float32Array(template.buffer.slice(template.byteOffset, template.byteOffset + template.byteLength));
