import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** Test and benchmark samples: the committed fixtures, and images made with sharp. */
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

/** A GPS position in EXIF (IFD3 is the GPS IFD), as a phone camera writes it. */
export const GPS_EXIF = {
  IFD0: { Make: 'Switchboard Test Camera' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 36/1' },
};

/** Whether EXIF data holds a GPS IFD pointer (tag 0x8825) in either byte order. */
export function hasGps(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}

/** A photo-like image (gradients and noise, so it does not compress to nothing). */
export async function photo(width: number, height: number, format: 'jpeg' | 'png' | 'webp' | 'tiff' = 'jpeg'): Promise<Buffer> {
  const base = sharp({ create: { width, height, channels: 3, background: { r: 90, g: 140, b: 200 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
  const blurred = await base.blur(1.2).raw().toBuffer();
  const image = sharp(blurred, { raw: { width, height, channels: 3 } });
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: 92 }).withExif(GPS_EXIF).toBuffer();
    case 'png':
      return image.png().toBuffer();
    case 'webp':
      return image.webp().toBuffer();
    case 'tiff':
      return image.tiff().toBuffer();
  }
}

/** A two-frame animated GIF. */
export async function animatedGif(): Promise<Buffer> {
  const frame = (colour: string) =>
    sharp({ create: { width: 24, height: 16, channels: 3, background: colour } })
      .png()
      .toBuffer();
  return sharp([await frame('#d33'), await frame('#33d')], { join: { animated: true } })
    .gif({ delay: [300, 300], loop: 0 })
    .toBuffer();
}
