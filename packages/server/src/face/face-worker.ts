/**
 * The face worker: a child process that holds the face model (~450 MB while loaded), so the server
 * process stays small and a crash or a runaway comparison takes only this process down. It answers one
 * request at a time over IPC (builtin-face-matcher.ts sends them in turn). It logs nothing: no image,
 * template or distance leaves it but the answer (BIO-04).
 */
import type { FaceComparison, FaceReading } from '../domain/ports.js';
import { descriptorDistance, descriptorOf, loadFaceModel, templateOf, type FaceModel } from './face-model.js';

export type WorkerQuestion = { op: 'read'; image: Uint8Array } | { op: 'compare'; image: Uint8Array; template: Uint8Array };
export type WorkerRequest = WorkerQuestion & { id: number };
export type WorkerReply = { id: number; ok: true; result: FaceReading | FaceComparison } | { id: number; ok: false; error: string };

const threshold = Number(process.env.TESSERA_FACE_MATCH_THRESHOLD ?? '0.5');
let model: Promise<FaceModel> | undefined;

async function answer(request: WorkerRequest): Promise<FaceReading | FaceComparison> {
  model ??= loadFaceModel();
  const found = await (await model).descriptors(Buffer.from(request.image));
  if (found.length === 0) return { faces: 0 };
  if (found.length > 1) return { faces: 'several' };
  const [probe] = found as [Float32Array];
  if (request.op === 'read') return { faces: 1, template: templateOf(probe) };
  return { faces: 1, match: descriptorDistance(probe, descriptorOf(Buffer.from(request.template))) <= threshold };
}

process.on('message', (request: WorkerRequest) => {
  answer(request).then(
    (result) => process.send?.({ id: request.id, ok: true, result } satisfies WorkerReply),
    (error: unknown) => process.send?.({ id: request.id, ok: false, error: error instanceof Error ? error.message.slice(0, 200) : 'failed' } satisfies WorkerReply),
  );
});
// The server going away takes the worker with it.
process.on('disconnect', () => process.exit(0));
