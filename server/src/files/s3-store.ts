import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Options } from './options.ts';
import { discard, spool } from './spool.ts';
import { BlobMissingError, checkedSha, type FileStore } from './store.ts';

/**
 * Blobs in an S3-compatible bucket as `files/<sha256>`. The key needs the hash, so a stream is
 * spooled to a local temporary file first (hashed on the way) and sent with its length.
 */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(
    private readonly options: S3Options,
    readonly tmpDir: string,
  ) {
    this.client = new S3Client({
      endpoint: options.url,
      region: options.region,
      // MinIO, Ceph and most on-premises stores address buckets by path, not by host name.
      forcePathStyle: true,
      credentials: { accessKeyId: options.accessKey, secretAccessKey: options.secretKey },
    });
  }

  private key(sha256: string): string {
    return `files/${checkedSha(sha256)}`;
  }

  async put(stream: Readable, opts: { maxBytes: number }): Promise<{ sha256: string; size: number }> {
    const spooled = await spool(stream, this.tmpDir, opts.maxBytes);
    await this.adopt(spooled.path, spooled);
    return { sha256: spooled.sha256, size: spooled.size };
  }

  async adopt(localPath: string, blob: { sha256: string; size: number }): Promise<void> {
    try {
      const head = await this.client
        .send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(blob.sha256) }))
        .catch((error: unknown) => (error instanceof NotFound || (error as { name?: string }).name === 'NotFound' ? null : Promise.reject(error)));
      if (head?.ContentLength !== blob.size) {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.options.bucket,
            Key: this.key(blob.sha256),
            Body: fs.createReadStream(localPath),
            ContentLength: blob.size,
            ContentType: 'application/octet-stream',
          }),
        );
      }
    } finally {
      await discard(localPath);
    }
  }

  async open(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      return res.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') throw new BlobMissingError(sha256);
      throw error;
    }
  }

  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
  }
}
