package org.selfhub.hub.files;

/** The acceptance scenarios on the default filesystem store: LFS bytes are streamed by the hub. */
class FilesystemHuggingfaceHubAcceptanceTests extends HuggingfaceHubAcceptanceTests {
}
