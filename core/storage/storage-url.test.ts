import { describe, expect, it } from 'vitest';
import { parseStorageUrl } from './storage-url.ts';

describe('storage URLs', () => {
  it('reads an absolute folder from file://', () => {
    expect(parseStorageUrl('file:///srv/portal/files/')).toEqual({ kind: 'file', root: '/srv/portal/files' });
    expect(parseStorageUrl('file://localhost/srv/files')).toEqual({ kind: 'file', root: '/srv/files' });
  });

  it('reads bucket, prefix and options from s3://', () => {
    expect(parseStorageUrl('s3://portal-files')).toEqual({ kind: 's3', bucket: 'portal-files', prefix: '', endpoint: undefined, region: undefined, forcePathStyle: false });
    expect(parseStorageUrl('s3://portal-files/prod/acme?endpoint=https://minio.internal:9000&region=sa-east-1&forcePathStyle=true')).toEqual({
      kind: 's3',
      bucket: 'portal-files',
      prefix: 'prod/acme/',
      endpoint: 'https://minio.internal:9000',
      region: 'sa-east-1',
      forcePathStyle: true,
    });
  });

  it.each([
    ['not a url', /is not a URL/],
    ['file:data/files', /must name an absolute folder/],
    ['file://fileserver/share', /not on "fileserver"/],
    ['file:///srv/files?x=1', /take no \?options/],
    ['http://bucket.example.net', /unsupported scheme "http:"/],
    ['s3://key:secret@portal-files', /credentials do not belong in the URL/],
    ['s3://portal-files:9000', /endpoint=http:\/\/host:port/],
    ['s3://ab', /bucket name "ab" is not valid/],
    ['s3://portal-files/../x', /key prefix may not hold/],
    ['s3://portal-files/a b', /key prefix "a b" may hold only/],
    ['s3://portal-files?endpont=http://x', /unknown option "endpont" \(known: endpoint, region, forcePathStyle\)/],
    ['s3://portal-files?region=a&region=b', /option "region" is given twice/],
    ['s3://portal-files?endpoint=minio:9000', /endpoint "minio:9000" must be an http/],
    ['s3://portal-files?region=South%20America', /region "South America" is not a region name/],
    ['s3://portal-files?forcePathStyle=yes', /forcePathStyle must be true or false, not "yes"/],
  ])('refuses %s with the reason', (url, reason) => {
    expect(() => parseStorageUrl(url)).toThrow(reason);
  });
});
