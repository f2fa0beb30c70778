package org.selfhub.hub.git;

/** One change in a server-side commit (hub-api-contract.md §7.7), applied in order. */
public sealed interface CommitOperation {

    String path();

    /** A regular file with this content. */
    record PutFile(String path, byte[] content) implements CommitOperation {
    }

    /** An LFS pointer to an object the caller already linked to the repository. */
    record PutLfsPointer(String path, String oid, long size) implements CommitOperation {
    }

    /** Deletes a file; 404 EntryNotFound when there is none. */
    record DeleteFile(String path) implements CommitOperation {
    }

    /** Deletes a folder recursively; 404 EntryNotFound when there is none. */
    record DeleteFolder(String path) implements CommitOperation {
    }

    /** Copies the file at {@code sourcePath} in {@code sourceRevision} (null: the branch head) to {@code path}, without copying bytes. */
    record CopyFile(String sourcePath, String sourceRevision, String path) implements CommitOperation {
    }
}
