package org.selfhub.worker.task;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.selfhub.worker.model.LoadedModel;
import tools.jackson.databind.JsonNode;

/**
 * {@code image-classification} → {@code [{"label","score"}]}, {@code top_k} 5 (§1.3). The image is the raw
 * body, or base64 in {@code inputs} with {@code parameters}. It is decoded with {@code javax.imageio}
 * (PNG, JPEG, BMP, GIF; no WebP) and prepared as {@code preprocessor_config.json} says: resize (bilinear),
 * centre crop, rescale, normalise, into {@code pixel_values [1,3,H,W]}.
 */
public final class ImageClassificationRunner implements TaskRunner {

    @Override
    public String task() {
        return "image-classification";
    }

    @Override
    public JsonNode run(LoadedModel model, TaskRequest request) throws Exception {
        JsonNode params = request.parameters();
        int topK = Scores.topK(params, 5);
        BufferedImage image = decode(request.binaryInput());
        JsonNode pre = model.json("preprocessor_config.json");
        float[] pixels = pixelValues(image, pre);
        int[] hw = finalSize(image, pre);
        FloatTensor logits = Sessions.output(
                Sessions.runFloat(model, "pixel_values", pixels, new long[] {1, 3, hw[0], hw[1]}), "logits");
        float[] row = logits.row(0);
        String fn = params.path("function_to_apply").asString(null);
        double[] scores = TextClassificationRunner.apply(
                fn != null ? fn.toLowerCase(Locale.ROOT) : TextClassificationRunner.defaultFunction(model.config(), row.length), row);
        List<Scores.Scored> scored = new ArrayList<>();
        for (int c = 0; c < row.length; c++) {
            scored.add(new Scores.Scored(Scores.label(model.config(), c), scores[c]));
        }
        return Scores.labelScores(scored, topK);
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) {
                throw TaskException.badInput("cannot decode the image (supported: PNG, JPEG, BMP, GIF)");
            }
            return img;
        } catch (IOException e) {
            throw TaskException.badInput("cannot decode the image: " + e.getMessage());
        }
    }

    /** {height, width} after resize and crop. */
    static int[] finalSize(BufferedImage image, JsonNode pre) {
        int[] size = resizeTo(image, pre);
        if (pre.path("do_center_crop").asBoolean(false)) {
            int[] crop = hw(pre.get("crop_size"));
            if (crop != null) {
                return crop;
            }
        }
        return size;
    }

    static float[] pixelValues(BufferedImage source, JsonNode pre) {
        int[] size = resizeTo(source, pre);
        BufferedImage img = resize(source, size[0], size[1]);
        int top = 0;
        int left = 0;
        int[] out = size;
        if (pre.path("do_center_crop").asBoolean(false) && hw(pre.get("crop_size")) != null) {
            out = hw(pre.get("crop_size"));
            top = (size[0] - out[0]) / 2;
            left = (size[1] - out[1]) / 2;
        }
        boolean rescale = pre.path("do_rescale").asBoolean(true);
        double factor = pre.path("rescale_factor").asDouble(1.0 / 255);
        boolean normalize = pre.path("do_normalize").asBoolean(true);
        double[] mean = triple(pre.get("image_mean"), 0.5);
        double[] std = triple(pre.get("image_std"), 0.5);
        int h = out[0];
        int w = out[1];
        float[] values = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sy = Math.min(Math.max(y + top, 0), img.getHeight() - 1);
                int sx = Math.min(Math.max(x + left, 0), img.getWidth() - 1);
                int rgb = img.getRGB(sx, sy);
                int[] c = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                for (int ch = 0; ch < 3; ch++) {
                    double v = c[ch];
                    if (rescale) {
                        v *= factor;
                    }
                    if (normalize) {
                        v = (v - mean[ch]) / std[ch];
                    }
                    values[(ch * h + y) * w + x] = (float) v;
                }
            }
        }
        return values;
    }

    /** The resize target {height, width}: {@code size} as {height,width}, an int, or {shortest_edge}. */
    private static int[] resizeTo(BufferedImage image, JsonNode pre) {
        if (!pre.path("do_resize").asBoolean(true)) {
            return new int[] {image.getHeight(), image.getWidth()};
        }
        JsonNode size = pre.get("size");
        int[] direct = hw(size);
        if (direct != null) {
            return direct;
        }
        if (size != null && size.has("shortest_edge")) {
            int s = size.get("shortest_edge").asInt();
            double scale = (double) s / Math.min(image.getWidth(), image.getHeight());
            return new int[] {(int) Math.round(image.getHeight() * scale), (int) Math.round(image.getWidth() * scale)};
        }
        return new int[] {224, 224};
    }

    private static int[] hw(JsonNode size) {
        if (size == null || size.isNull()) {
            return null;
        }
        if (size.isInt()) {
            return new int[] {size.asInt(), size.asInt()};
        }
        if (size.has("height") && size.has("width")) {
            return new int[] {size.get("height").asInt(), size.get("width").asInt()};
        }
        return null;
    }

    private static double[] triple(JsonNode node, double fallback) {
        if (node != null && node.isArray() && node.size() == 3) {
            return new double[] {node.get(0).asDouble(), node.get(1).asDouble(), node.get(2).asDouble()};
        }
        if (node != null && node.isNumber()) {
            return new double[] {node.asDouble(), node.asDouble(), node.asDouble()};
        }
        return new double[] {fallback, fallback, fallback};
    }

    private static BufferedImage resize(BufferedImage src, int h, int w) {
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
