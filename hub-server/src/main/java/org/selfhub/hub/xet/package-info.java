/**
 * Xet storage (xet.md): the token routes, the content-addressed store (CAS) that hf_xet and the JS
 * client upload xorbs and shards to and read reconstructions from, and the facade ({@link
 * org.selfhub.hub.xet.XetFiles}) through which the file and LFS features serve Xet-backed files.
 * Chunks are never produced here: the server parses, decodes, hashes and checks what clients send.
 */
package org.selfhub.hub.xet;
