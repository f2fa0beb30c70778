package org.selfhub.hub.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;
import org.selfhub.hub.shared.RepoType;

/**
 * The root {@code .gitattributes} of a repository and the question every upload asks of it: does
 * this path go to LFS ({@code filter=lfs})? Shared by preupload, the commit API (which keeps
 * {@code .gitattributes} tracking every LFS pointer it writes) and, later, the pre-receive hook.
 */
public final class GitAttributes {

    public static final String PATH = ".gitattributes";

    private static final String LFS = " filter=lfs diff=lfs merge=lfs -text";

    private static final List<String> COMMON_PATTERNS = List.of(
            "*.7z", "*.arrow", "*.bin", "*.bz2", "*.ckpt", "*.ftz", "*.gz", "*.h5", "*.joblib", "*.lfs.*",
            "*.mlmodel", "*.model", "*.msgpack", "*.npy", "*.npz", "*.onnx", "*.ot", "*.parquet", "*.pb",
            "*.pickle", "*.pkl", "*.pt", "*.pth", "*.rar", "*.safetensors", "saved_model/**/*", "*.tar.*",
            "*.tar", "*.tflite", "*.tgz", "*.wasm", "*.xz", "*.zip", "*.zst", "*tfevents*");

    /**
     * What huggingface.co writes into a new model or space: the common LFS patterns. Datasets also
     * get {@code *.lz4}, {@code *.mds} and the audio, image and video formats.
     */
    public static String defaultFor(RepoType type) {
        StringBuilder sb = new StringBuilder();
        for (String p : COMMON_PATTERNS) {
            sb.append(p).append(LFS).append('\n');
            if (type == RepoType.DATASET && p.equals("*.lfs.*")) {
                lines(sb, "*.lz4", "*.mds");
            }
        }
        if (type == RepoType.DATASET) {
            sb.append("# Audio files - uncompressed\n");
            lines(sb, "*.pcm", "*.sam", "*.raw");
            sb.append("# Audio files - compressed\n");
            lines(sb, "*.aac", "*.flac", "*.mp3", "*.ogg", "*.wav");
            sb.append("# Image files - uncompressed\n");
            lines(sb, "*.bmp", "*.gif", "*.png", "*.tiff");
            sb.append("# Image files - compressed\n");
            lines(sb, "*.jpg", "*.jpeg", "*.webp");
            sb.append("# Video files - compressed\n");
            lines(sb, "*.mp4", "*.webm");
        }
        return sb.toString();
    }

    private static void lines(StringBuilder sb, String... patterns) {
        for (String p : patterns) {
            sb.append(p).append(LFS).append('\n');
        }
    }

    /** Whether the last rule of {@code attributes} that sets {@code filter} for the path sets it to {@code lfs}. */
    public static boolean isLfs(String attributes, String path) {
        if (attributes == null || attributes.isEmpty()) {
            return false;
        }
        AttributesNode node = new AttributesNode();
        try {
            node.parse(new ByteArrayInputStream(attributes.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean lfs = false;
        for (AttributesRule rule : node.getRules()) {
            if (!rule.isMatch(path, false)) {
                continue;
            }
            for (Attribute a : rule.getAttributes()) {
                if (a.getKey().equals("filter")) {
                    lfs = a.getState() == Attribute.State.CUSTOM && "lfs".equals(a.getValue());
                }
            }
        }
        return lfs;
    }

    /** The attributes with a line appended that sends exactly this path to LFS, as the Hub does for uploads it must track. */
    public static String track(String attributes, String path) {
        String current = attributes == null ? "" : attributes;
        StringBuilder sb = new StringBuilder(current);
        if (!current.isEmpty() && !current.endsWith("\n")) {
            sb.append('\n');
        }
        return sb.append(escape(path)).append(LFS).append('\n').toString();
    }

    /** gitattributes patterns cannot quote: spaces become a class, glob and comment characters are escaped. */
    static String escape(String path) {
        String escaped = path.chars().mapToObj(c -> {
            char ch = (char) c;
            if (ch == ' ') {
                return "[[:space:]]";
            }
            if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\') {
                return "\\" + ch;
            }
            return String.valueOf(ch);
        }).collect(Collectors.joining());
        if (escaped.startsWith("#") || escaped.startsWith("!")) {
            escaped = "\\" + escaped;
        }
        return escaped;
    }
}
