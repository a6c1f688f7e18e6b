// Draws the app's icons (the Switchboard mark: white lines on a blue tile) as the PNGs the web
// app manifest and iOS want. Run after changing the mark: node web/scripts/make-icons.mjs
import { mkdir, writeFile } from 'node:fs/promises';
import sharp from 'sharp';

const BLUE = '#2563eb';
const out = new URL('../public/icons/', import.meta.url);

/** The mark on a 32-unit grid; `inset` shrinks it toward the middle (maskable icons are cropped to a circle). */
function svg({ rounded, inset }) {
  const scale = 1 - 2 * inset;
  const shift = 16 * (1 - scale);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <rect width="32" height="32" rx="${rounded ? 8 : 0}" fill="${BLUE}"/>
  <g transform="translate(${shift} ${shift}) scale(${scale})">
    <path d="M9 11h14M9 16h10M9 21h6" stroke="white" stroke-width="3" stroke-linecap="round" fill="none"/>
  </g>
</svg>`;
}

const icons = [
  { file: 'icon-192.png', size: 192, rounded: true, inset: 0 },
  { file: 'icon-512.png', size: 512, rounded: true, inset: 0 },
  // Maskable: a full-bleed tile with the mark inside the middle 80 % (the safe zone).
  { file: 'icon-maskable-512.png', size: 512, rounded: false, inset: 0.12 },
  // iOS rounds the corners itself and shows transparency as black.
  { file: 'apple-touch-icon.png', size: 180, rounded: false, inset: 0.06 },
];

await mkdir(out, { recursive: true });
await writeFile(new URL('icon.svg', out), svg({ rounded: true, inset: 0 }));
for (const icon of icons) {
  const png = await sharp(Buffer.from(svg(icon)), { density: (72 * icon.size) / 32 })
    .resize(icon.size, icon.size)
    .png({ compressionLevel: 9 })
    .toBuffer();
  await writeFile(new URL(icon.file, out), png);
  console.log(`${icon.file}: ${png.length} bytes`);
}
