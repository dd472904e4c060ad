package io.trebuchet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The machine a run measured: what a reader needs to compare runs. */
record Machine(int cpus, String cpuModel, long memoryBytes, String operatingSystem, String java, String loadAverage) {
    static Machine current() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                procLine(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch")),
                procLine(Path.of("/proc/meminfo"), "MemTotal")
                        .map(value -> Long.parseLong(value.replace("kB", "").trim()) * 1024)
                        .orElse(-1L),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                currentLoadAverage());
    }

    /** The system's load average (1, 5, 15 minutes) now: how busy the shared machine was. */
    static String currentLoadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8)
                    .trim()
                    .split("\\s+", -1);
            return String.join(" ", List.of(fields[0], fields[1], fields[2]));
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static Optional<String> procLine(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", cpus);
        machine.put("cpuModel", cpuModel);
        machine.put("memoryBytes", memoryBytes);
        machine.put("operatingSystem", operatingSystem);
        machine.put("java", java);
        machine.put("loadAverageAtStart", loadAverage);
        return machine;
    }
}
