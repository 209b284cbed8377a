package org.tearline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A fixed amount of work of the kinds a Tearline server does (ordered-map inserts and lookups
 * under random string keys, JSON parsing and writing, SHA-256), timed before a benchmark so
 * that figures from different days can be compared: this virtual machine has run the same
 * code at a third of the speed of another day, with no steal time reported. Lower is faster.
 * The best of three runs counts; the first ones pay for the JIT.
 */
final class MachineSpeed {

    private static final String DOCUMENT = "{\"type\":\"indicator\",\"spec_version\":\"2.1\","
            + "\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
            + "\"created\":\"2025-06-01T00:00:00.000Z\",\"modified\":\"2025-06-01T00:00:00.000Z\","
            + "\"name\":\"C2 address\",\"description\":\"Command and control address observed in"
            + " campaign traffic; block and hunt for connections.\","
            + "\"indicator_types\":[\"malicious-activity\"],"
            + "\"pattern\":\"[ipv4-addr:value = '198.51.100.7']\",\"pattern_type\":\"stix\","
            + "\"valid_from\":\"2025-06-01T00:00:00.000Z\",\"labels\":[\"c2\",\"bench\"],"
            + "\"confidence\":70,\"object_marking_refs\":"
            + "[\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\"]}";

    private MachineSpeed() {}

    /** Prints the figures alone, to check a machine before measuring on it. */
    public static void main(String[] args) throws Exception {
        System.out.println(measure());
    }

    /** Milliseconds for each part of the fixed work and their sum, best of three. */
    static Map<String, Object> measure() throws Exception {
        long maps = Long.MAX_VALUE;
        long json = Long.MAX_VALUE;
        long sha = Long.MAX_VALUE;
        HostSteal steal0 = HostSteal.now();
        for (int round = 0; round < 3; round++) {
            maps = Math.min(maps, time(MachineSpeed::maps));
            json = Math.min(json, time(MachineSpeed::json));
            sha = Math.min(sha, time(MachineSpeed::sha256));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("machine_ms_maps", maps);
        r.put("machine_ms_json", json);
        r.put("machine_ms_sha256", sha);
        r.put("machine_ms", maps + json + sha);
        r.put("machine_steal_pct", HostSteal.now().percentSince(steal0));
        return r;
    }

    private interface Work {
        long run() throws Exception;
    }

    private static long time(Work work) throws Exception {
        long t0 = System.nanoTime();
        long sink = work.run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // The result is used, so the JIT cannot drop the work.
        if (sink == 42) {
            System.err.print("");
        }
        return ms;
    }

    private static long maps() {
        Random random = new Random(7);
        String[] keys = new String[200_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "indicator--" + new UUID(random.nextLong(), random.nextLong());
        }
        TreeMap<String, Integer> map = new TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], i);
        }
        long sum = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (String k : keys) {
                sum += map.get(k);
            }
        }
        return sum;
    }

    private static long json() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        long bytes = 0;
        for (int i = 0; i < 50_000; i++) {
            JsonNode node = mapper.readTree(DOCUMENT);
            bytes += mapper.writeValueAsBytes(node).length;
        }
        return bytes;
    }

    private static long sha256() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 16];
        new Random(11).nextBytes(block);
        for (int i = 0; i < 512; i++) {
            digest.update(block);
        }
        return digest.digest()[0];
    }
}
