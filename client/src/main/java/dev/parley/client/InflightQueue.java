package dev.parley.client;

/**
 * The requests written on one connection and not yet answered, in the order their replies will come (a ring
 * buffer). A request that times out is abandoned in place: its slot stays, so that its late reply is consumed and
 * dropped and never delivered to the request behind it. Used on the event loop only; allocates only to grow.
 */
final class InflightQueue {

    private Call[] calls = new Call[16];
    private long[] ids = new long[16];
    private long[] abandonedAt = new long[16];
    private int head;
    private int size;
    private int live;

    int size() {
        return size;
    }

    /** @return requests still waiting for their reply (not abandoned) */
    int live() {
        return live;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(Call call) {
        if (size == calls.length) {
            grow();
        }
        int i = (head + size) & (calls.length - 1);
        calls[i] = call;
        ids[i] = call.id;
        abandonedAt[i] = 0;
        size++;
        live++;
    }

    /** @return the call whose reply comes next, or {@code null} when its slot was abandoned (or the queue is empty) */
    Call peek() {
        return size == 0 ? null : calls[head];
    }

    long peekId() {
        return ids[head];
    }

    /** @return when the head slot was abandoned (on the session's clock), or 0 when it is live */
    long headAbandonedAt() {
        return size == 0 ? 0 : abandonedAt[head];
    }

    /** Removes the head slot. */
    void poll() {
        if (calls[head] != null) {
            live--;
        }
        calls[head] = null;
        head = (head + 1) & (calls.length - 1);
        size--;
    }

    Call get(int index) {
        return calls[(head + index) & (calls.length - 1)];
    }

    /** Abandons the slot at an index: the call leaves, the slot stays for its late reply. */
    void abandon(int index, long now) {
        int i = (head + index) & (calls.length - 1);
        if (calls[i] != null) {
            calls[i] = null;
            abandonedAt[i] = now == 0 ? 1 : now;
            live--;
        }
    }

    private void grow() {
        int n = calls.length;
        Call[] c = new Call[n * 2];
        long[] id = new long[n * 2];
        long[] ab = new long[n * 2];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (n - 1);
            c[k] = calls[i];
            id[k] = ids[i];
            ab[k] = abandonedAt[i];
        }
        calls = c;
        ids = id;
        abandonedAt = ab;
        head = 0;
    }
}
