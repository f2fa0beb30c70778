package org.selfhub.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;

class ImageClassificationRunnerTests {

    static final float[][] W = {{2, 0, 0, 0.5f}, {0, 2, 0, 0.5f}, {0, 0, 2, 0.5f}};
    static final float[] B = {0, 0, 0, -1};
    static final List<String> LABELS = List.of("red", "green", "blue", "grey");

    @TempDir
    static Path tmp;
    static LoadedModel model;

    @BeforeAll
    static void load() throws Exception {
        model = TinyModels.load(TinyModels.write(tmp.resolve("vit"), TinyModels.imageLogits(W, B), null, Map.of(
                "config.json", TinyModels.config(LABELS, ""),
                "preprocessor_config.json", "{\"do_resize\":true,\"size\":{\"height\":4,\"width\":4},\"do_rescale\":true,"
                        + "\"rescale_factor\":0.00392156862745098,\"do_normalize\":true,"
                        + "\"image_mean\":[0.5,0.5,0.5],\"image_std\":[0.5,0.5,0.5]}")));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    private final ImageClassificationRunner runner = new ImageClassificationRunner();

    static byte[] png(Color color, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void classifiesARawPngBody() throws Exception {
        JsonNode out = runner.run(model, TaskRequest.raw(png(Color.RED, 10, 7), "image/png"));
        // Pixels normalise to (1, -1, -1); logits = x · W + b.
        double[] logits = TinyModels.affine(new double[] {1, -1, -1}, W, B);
        double[] p = TinyModels.softmax(logits);
        assertThat(out.size()).isEqualTo(4);
        assertThat(out.get(0).get("label").asString()).isEqualTo("red");
        assertThat(out.get(0).get("score").asDouble()).isCloseTo(p[0], within(1e-6));
        assertThat(out.get(1).get("score").asDouble()).isGreaterThanOrEqualTo(out.get(2).get("score").asDouble());
    }

    @Test
    void acceptsBase64InputsWithParameters() throws Exception {
        String b64 = Base64.getEncoder().encodeToString(png(Color.BLUE, 3, 3));
        JsonNode out = runner.run(model, TaskRequest.json("{\"inputs\":\"" + b64 + "\",\"parameters\":{\"top_k\":1}}"));
        double[] p = TinyModels.softmax(TinyModels.affine(new double[] {-1, -1, 1}, W, B));
        assertThat(out.size()).isEqualTo(1);
        assertThat(out.get(0).get("label").asString()).isEqualTo("blue");
        assertThat(out.get(0).get("score").asDouble()).isCloseTo(p[2], within(1e-6));
    }

    @Test
    void rejectsBytesThatAreNoImage() {
        assertThatThrownBy(() -> runner.run(model, TaskRequest.raw("not an image".getBytes(), "image/png")))
                .isInstanceOf(TaskException.class).hasMessageContaining("cannot decode");
    }
}
