package dev.parley.client;

/**
 * The requests written on one connection and not yet answered, in the order their replies will come (a ring
 * buffer). A request that times out is abandoned in place: its slot stays, holding what is left of it (its id and
 * when it was abandoned), so that its late reply is consumed and dropped and never delivered to the request behind
 * it. Used on the event loop only; one array, allocated with the first request and only grown after that; an
 * abandoned slot allocates its small record.
 */
final class InflightQueue {

    private static final Object[] NONE = new Object[0];
    private static final int FIRST_CAPACITY = 4;

    /** What stays in the slot of an abandoned request until its late reply comes. */
    private record Abandoned(long id, long at, Request request) {
    }

    /** Each slot: a {@link Call} waiting for its reply, or the {@link Abandoned} record of one that gave up. */
    private Object[] slots = NONE;
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
        if (size == slots.length) {
            grow();
        }
        slots[(head + size) & (slots.length - 1)] = call;
        size++;
        live++;
    }

    /** @return the call whose reply comes next, or {@code null} when its slot was abandoned (or the queue is empty) */
    Call peek() {
        return size == 0 ? null : slots[head] instanceof Call c ? c : null;
    }

    long peekId() {
        Object s = slots[head];
        return s instanceof Call c ? c.id : ((Abandoned) s).id;
    }

    /** @return the request of the abandoned head slot, or {@code null} when the head is live (or there is none) */
    Request headAbandonedRequest() {
        return size != 0 && slots[head] instanceof Abandoned a ? a.request : null;
    }

    /** @return when the head slot was abandoned (on the session's clock), or 0 when it is live */
    long headAbandonedAt() {
        return size != 0 && slots[head] instanceof Abandoned a ? a.at : 0;
    }

    /** Removes the head slot. */
    void poll() {
        if (slots[head] instanceof Call) {
            live--;
        }
        slots[head] = null;
        head = (head + 1) & (slots.length - 1);
        size--;
    }

    Call get(int index) {
        return slots[(head + index) & (slots.length - 1)] instanceof Call c ? c : null;
    }

    /** Abandons the slot at an index: the call leaves, the slot stays for its late reply. */
    void abandon(int index, long now) {
        int i = (head + index) & (slots.length - 1);
        if (slots[i] instanceof Call c) {
            slots[i] = new Abandoned(c.id, now == 0 ? 1 : now, c.request);
            live--;
        }
    }

    private void grow() {
        int n = slots.length;
        Object[] s = new Object[n == 0 ? FIRST_CAPACITY : n * 2];
        for (int k = 0; k < size; k++) {
            s[k] = slots[(head + k) & (n - 1)];
        }
        slots = s;
        head = 0;
    }
}
