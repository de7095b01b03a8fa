package io.memtrace.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A cheap identity of a checkpoint's weights, so that results recorded for a model are refused when
 * another checkpoint has been put at its path: the name and size of every safetensors file, its
 * header (names, shapes, offsets) and 64 blocks of 4 KiB at evenly spaced offsets, hashed with
 * SHA-256. Reads a few hundred KiB, not gigabytes; copying or moving a checkpoint keeps it, and two
 * trainings (or two steps of one) differ in every sampled block.
 */
public final class WeightsFingerprint {
  private static final int SAMPLES = 64;
  private static final int BLOCK = 4096;

  private WeightsFingerprint() {}

  public static String of(Path dir) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.safetensors")) {
      for (Path f : s) if (!f.getFileName().toString().startsWith("optimizer")) files.add(f);
    }
    files.sort(null);
    for (Path f : files) {
      sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
        long size = ch.size();
        sha.update(ByteBuffer.allocate(8).putLong(0, size));
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        for (int i = 0; i <= SAMPLES && size > 0; i++) {
          // the first block holds the header; the others are spread over the tensors
          long at = i == 0 ? 0 : (long) ((double) i / SAMPLES * Math.max(0, size - BLOCK));
          block.clear();
          while (block.hasRemaining() && ch.read(block, at + block.position()) > 0) {}
          sha.update(block.flip());
        }
      }
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 16);
  }
}
