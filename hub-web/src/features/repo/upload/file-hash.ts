import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** How much of a file is in memory at once while hashing. */
export const HASH_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The sha256 of a file (the LFS oid, §1.8), read in slices: `crypto.subtle.digest` needs the
 * whole file in one buffer, so an incremental hash keeps memory flat for large files.
 */
export async function sha256Hex(
  blob: Blob,
  onProgress?: (hashedBytes: number) => void,
  chunkBytes: number = HASH_CHUNK_BYTES,
): Promise<string> {
  const hash = sha256.create();
  for (let start = 0; start < blob.size; start += chunkBytes) {
    const chunk = new Uint8Array(await blob.slice(start, start + chunkBytes).arrayBuffer());
    hash.update(chunk);
    onProgress?.(Math.min(start + chunkBytes, blob.size));
  }
  return bytesToHex(hash.digest());
}
