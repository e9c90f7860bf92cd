/**
 * FACE evaluation: false-match and false-non-match rates of the built-in model (docs/face.md).
 *
 *   npm run bench:face [-- --captures N]      (default 8 augmented captures per face)
 *
 * Faces: every clear face in the photos available on this machine without a licence question —
 * Debian python3-skimage (astronaut.png), Debian opencv-doc (messi5.jpg) and the group photos in
 * @vladmandic/face-api's demo/ — fetched like the tests do (apt-get download + dpkg-deb -x into
 * .tmp/face-images). Each face, cropped with a margin, is one identity: its crop is the enrolment, and
 * N augmented captures of it (shifted crop, mirror, light, blur, JPEG, scale) are its genuine probes; the
 * other identities' captures are its impostors. This is not an ISO/IEC 19795-1 evaluation: augmented
 * captures are far easier than real second captures, so the FNMR here is optimistic, and a few dozen
 * identities cannot bound FMR anywhere near 1/10,000. Never part of `npm test`.
 */
import sharp from 'sharp';
import { descriptorDistance, loadFaceModel } from '../packages/server/src/face/face-model.js';
import { demoImage, faceImage } from '../packages/server/test/support/face-images.js';

const args = process.argv.slice(2);
const captures = Number(args[args.indexOf('--captures') + 1] ?? 8) || 8;

interface Identity {
  name: string;
  crop: Buffer;
}

/** One face cut out of its photo with half its size again as margin. */
async function cropFace(image: Buffer, box: { left: number; top: number; width: number; height: number }): Promise<Buffer> {
  const upright = await sharp(image).rotate().toBuffer();
  const { width = 0, height = 0 } = await sharp(upright).metadata();
  const margin = Math.round(Math.max(box.width, box.height) * 0.5);
  const left = Math.max(0, box.left - margin);
  const top = Math.max(0, box.top - margin);
  return sharp(upright)
    .extract({ left, top, width: Math.min(width - left, box.width + 2 * margin), height: Math.min(height - top, box.height + 2 * margin) })
    .png()
    .toBuffer();
}

/** The i-th augmented capture: each varies crop, mirror, light, sharpness, size and compression. */
async function augment(crop: Buffer, i: number): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(crop).metadata();
  const inset = Math.round(Math.min(width, height) * (0.02 + 0.03 * (i % 3)));
  const dx = i % 2 === 0 ? 0 : inset;
  let image = sharp(crop).extract({ left: dx, top: inset, width: width - inset - dx, height: height - 2 * inset });
  if (i % 2 === 1) image = image.flop();
  image = image.modulate({ brightness: 0.75 + 0.1 * (i % 5), saturation: 0.8 + 0.1 * (i % 4) });
  if (i % 4 === 2) image = image.blur(1 + (i % 3) * 0.5);
  if (i % 3 === 1) image = image.resize({ width: Math.max(96, Math.round(width * 0.6)) });
  return image.jpeg({ quality: 60 + 5 * (i % 7) }).toBuffer();
}

async function main() {
  const started = Date.now();
  const model = await loadFaceModel();
  const sources: Array<[string, Buffer]> = [
    ['skimage astronaut.png', faceImage('astronaut')],
    ['opencv messi5.jpg', faceImage('messi')],
    ...[1, 2, 3, 4, 5, 6].map((n): [string, Buffer] => [`face-api demo sample${n}.jpg`, demoImage(n)]),
  ];
  const identities: Identity[] = [];
  for (const [name, image] of sources) {
    const faces = (await model.faces(image)).filter((face) => face.score >= 0.8 && face.box.width >= 40);
    for (const [k, face] of faces.entries()) identities.push({ name: `${name}#${k + 1}`, crop: await cropFace(image, face.box) });
  }

  // Enrolment template and probe descriptors per identity; a capture where the model finds no single face is a failure to acquire.
  const enrolled: Float32Array[] = [];
  const probes: Float32Array[][] = [];
  let failedToAcquire = 0;
  let attempted = 0;
  const kept: Identity[] = [];
  for (const identity of identities) {
    const own = await model.descriptors(identity.crop);
    if (own.length !== 1) continue;
    const descriptors: Float32Array[] = [];
    for (let i = 0; i < captures; i++) {
      attempted++;
      const found = await model.descriptors(await augment(identity.crop, i));
      if (found.length === 1) descriptors.push(found[0]!);
      else failedToAcquire++;
    }
    kept.push(identity);
    enrolled.push(own[0]!);
    probes.push(descriptors);
  }

  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let a = 0; a < kept.length; a++) {
    for (let b = 0; b < kept.length; b++) {
      for (const probe of probes[b]!) (a === b ? genuine : impostor).push(descriptorDistance(enrolled[a]!, probe));
    }
  }
  const rate = (values: number[], test: (value: number) => boolean) => values.filter(test).length / Math.max(1, values.length);
  const lowestImpostor = Math.min(...impostor);
  const highestGenuine = Math.max(...genuine);

  const lines = [
    `identities: ${kept.length} (of ${identities.length} clear faces), ${captures} augmented captures each`,
    `failure to acquire (no single face in a capture): ${failedToAcquire}/${attempted}`,
    `genuine comparisons: ${genuine.length}, impostor comparisons: ${impostor.length}`,
    `genuine distance: max ${highestGenuine.toFixed(3)}; impostor distance: min ${lowestImpostor.toFixed(3)}`,
    `rule of three: with no false match in ${impostor.length} impostor comparisons, FMR < ${(3 / impostor.length).toExponential(1)} at 95 % confidence`,
    '',
    '| threshold | FMR | FNMR |',
    '|---|---|---|',
    ...[0.35, 0.4, 0.45, 0.5, 0.55, 0.6].map(
      (t) => `| ${t.toFixed(2)} | ${rate(impostor, (d) => d <= t).toFixed(4)} (${impostor.filter((d) => d <= t).length}/${impostor.length}) | ${rate(genuine, (d) => d > t).toFixed(4)} (${genuine.filter((d) => d > t).length}/${genuine.length}) |`,
    ),
    '',
    `took ${((Date.now() - started) / 1000).toFixed(0)} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
