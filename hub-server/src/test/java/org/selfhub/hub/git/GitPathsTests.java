package org.selfhub.hub.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.selfhub.hub.shared.HubException;

class GitPathsTests {

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "a/b/c.bin", "dir with space/é.txt", ".gitattributes", "a/.gitignore",
            "x..y", "😀/emoji.txt", "a.git"})
    void acceptsOrdinaryPaths(String path) {
        assertThat(GitPaths.validate(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "a/../b", "..", "./a", "a//b", "a/", ".git/config", "x/.GIT/hooks",
            "a\\b", "nul\0byte", "tab\there", "bad\uD800surrogate", "replacement\uFFFD"})
    void rejectsDangerousOrMalformedPaths(String path) {
        assertThatThrownBy(() -> GitPaths.validate(path)).isInstanceOf(HubException.class)
                .hasMessageStartingWith("Invalid path");
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 4097})
    void rejectsOverLongPaths(int length) {
        String path = length == 256 ? "a".repeat(256) : ("d/" + "b".repeat(200) + "/").repeat(21).substring(0, length);
        assertThatThrownBy(() -> GitPaths.validate(path)).isInstanceOf(HubException.class)
                .hasMessageContaining("longer than");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dir/", "dir", "dir//"})
    void foldersMayEndWithASlash(String folder) {
        assertThat(GitPaths.validateFolder(folder)).isEqualTo("dir");
    }
}
