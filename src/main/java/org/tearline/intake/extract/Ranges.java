package org.tearline.intake.extract;

import java.util.Map;
import java.util.TreeMap;

/** Ranges of a page already claimed by matches, merged where they overlap, sorted for quick lookups. */
final class Ranges {

    private final TreeMap<Integer, Integer> byStart = new TreeMap<>();

    boolean overlaps(int start, int end) {
        Map.Entry<Integer, Integer> before = byStart.lowerEntry(end);
        return before != null && before.getValue() > start;
    }

    void add(int start, int end) {
        int from = start;
        int to = end;
        Map.Entry<Integer, Integer> e = byStart.lowerEntry(to);
        while (e != null && e.getValue() >= from) {
            from = Math.min(from, e.getKey());
            to = Math.max(to, e.getValue());
            byStart.remove(e.getKey());
            e = byStart.lowerEntry(to);
        }
        byStart.put(from, to);
    }
}
