package org.selfhub.hub.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} (and {@code git-lfs}) for protocol tests: a fresh HOME with only a user name,
 * {@code init.defaultBranch=main} and the LFS filters, no prompts ({@code GIT_TERMINAL_PROMPT=0}),
 * no system config, and a bounded run time.
 */
final class GitCli {

    record Result(int exitCode, String stdout, String stderr) {

        Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("git failed (" + exitCode + "): " + stderr + stdout);
            }
            return this;
        }
    }

    private final Path home;

    GitCli(Path home) {
        this.home = home;
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve(".gitconfig"), """
                    [user]
                    \tname = Git Tester
                    \temail = tester@example.test
                    [init]
                    \tdefaultBranch = main
                    [advice]
                    \tdetachedHead = false
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(home, Map.of(), "lfs", "install", "--skip-repo").ok();
    }

    Result run(Path dir, String... args) {
        return run(dir, Map.of(), args);
    }

    Result run(Path dir, Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("git-out", ".txt");
            Path err = Files.createTempFile("git-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("GIT_"));
            Map<String, String> fixed = new HashMap<>(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME",
                    home.resolve(".config").toString(), "GIT_TERMINAL_PROMPT", "0", "GIT_CONFIG_NOSYSTEM", "1",
                    "LC_ALL", "C", "GIT_ASKPASS", "", "SSH_ASKPASS", ""));
            env.putAll(fixed);
            env.putAll(extraEnv);
            Process process = builder.start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + args[0] + " did not finish within 300 s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
