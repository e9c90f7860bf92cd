import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/**
 * The face photos the FACE tests use, none committed: Debian's python3-skimage (astronaut.png: Eileen
 * Collins; coffee.png: no face), Debian's opencv-doc (messi5.jpg) and the face-api package's demo group
 * photos. The two .deb files are downloaded and unpacked once into .tmp/face-images (`apt-get download`
 * takes no dependencies, `dpkg-deb -x` installs nothing); .ci/run does the same before the tests.
 */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const FACE_IMAGE_DIR = join(repoRoot, '.tmp/face-images');
const PACKAGES = ['python3-skimage', 'opencv-doc'];
const FILES = {
  astronaut: 'x/usr/lib/python3/dist-packages/skimage/data/astronaut.png',
  coffee: 'x/usr/lib/python3/dist-packages/skimage/data/coffee.png',
  messi: 'x/usr/share/doc/opencv-doc/examples/data/messi5.jpg',
} as const;

/** Downloads and unpacks the packages when their files are missing; throws (the test fails) when it cannot. */
export function ensureFaceImages(): void {
  if (Object.values(FILES).every((file) => existsSync(join(FACE_IMAGE_DIR, file)))) return;
  mkdirSync(FACE_IMAGE_DIR, { recursive: true });
  for (const name of PACKAGES) {
    if (!readdirSync(FACE_IMAGE_DIR).some((file) => file.startsWith(`${name}_`) && file.endsWith('.deb'))) {
      execFileSync('apt-get', ['download', name], { cwd: FACE_IMAGE_DIR, stdio: 'ignore' });
    }
    const deb = readdirSync(FACE_IMAGE_DIR).find((file) => file.startsWith(`${name}_`) && file.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${name} gave no .deb in ${FACE_IMAGE_DIR}`);
    execFileSync('dpkg-deb', ['-x', deb, 'x'], { cwd: FACE_IMAGE_DIR, stdio: 'ignore' });
  }
  for (const file of Object.values(FILES)) {
    if (!existsSync(join(FACE_IMAGE_DIR, file))) throw new Error(`face test image missing after unpacking: ${file}`);
  }
}

export function faceImage(name: keyof typeof FILES): Buffer {
  ensureFaceImages();
  return readFileSync(join(FACE_IMAGE_DIR, FILES[name]));
}

/** A group photo shipped with @vladmandic/face-api (demo/sample1.jpg … sample6.jpg). */
export function demoImage(n: number): Buffer {
  const pkg = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));
  return readFileSync(join(pkg, 'demo', `sample${n}.jpg`));
}

export const dataUrl = (bytes: Buffer, type = 'image/jpeg') => `data:${type};base64,${bytes.toString('base64')}`;

/** Another capture of the same face: cropped tighter, mirrored, a little darker, re-encoded as JPEG. */
export async function otherCapture(image: Buffer): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(image).metadata();
  const inset = Math.round(Math.min(width, height) * 0.05);
  return sharp(image)
    .extract({ left: inset, top: inset, width: width - 2 * inset, height: height - 2 * inset })
    .flop()
    .modulate({ brightness: 0.85 })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** Two faces side by side in one photo. */
export async function twoFaces(left: Buffer, right: Buffer): Promise<Buffer> {
  const a = await sharp(left).resize({ height: 400 }).toBuffer();
  const b = await sharp(right).resize({ height: 400 }).toBuffer();
  const widthA = (await sharp(a).metadata()).width ?? 0;
  const widthB = (await sharp(b).metadata()).width ?? 0;
  return sharp({ create: { width: widthA + widthB, height: 400, channels: 3, background: '#808080' } })
    .composite([
      { input: a, left: 0, top: 0 },
      { input: b, left: widthA, top: 0 },
    ])
    .jpeg()
    .toBuffer();
}
