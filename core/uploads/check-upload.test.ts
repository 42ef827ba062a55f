import { describe, expect, it } from 'vitest';
import { checkUpload } from './check-upload.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8ffbf1e0005fe02fea7d6a4a10000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('upload checks', () => {
  it('accepts a real PNG named .png and a real PDF named .pdf', async () => {
    expect(await checkUpload(PNG, 'foto.PNG', ['png', 'jpg'], 1000)).toMatchObject({ ok: true, kind: 'png' });
    expect(await checkUpload(PDF, 'comprobante.pdf', ['pdf'], 1000)).toMatchObject({ ok: true, kind: 'pdf' });
  });

  it('refuses a wrong magic byte, a wrong extension, an empty or too large file', async () => {
    expect(await checkUpload(Buffer.from('<html>hi</html>'), 'foto.png', ['png'], 1000)).toEqual({ ok: false, reason: 'content' });
    expect(await checkUpload(PDF, 'foto.png', ['png', 'pdf'], 1000)).toEqual({ ok: false, reason: 'content' });
    expect(await checkUpload(PNG, 'foto.exe', ['png'], 1000)).toEqual({ ok: false, reason: 'extension' });
    expect(await checkUpload(Buffer.alloc(0), 'a.png', ['png'], 1000)).toEqual({ ok: false, reason: 'empty' });
    expect(await checkUpload(PNG, 'a.png', ['png'], 10)).toEqual({ ok: false, reason: 'too-large' });
  });
});
