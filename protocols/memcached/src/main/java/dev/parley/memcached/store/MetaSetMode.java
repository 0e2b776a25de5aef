package dev.parley.memcached.store;

/** The mode of a meta set ({@code ms ... M<mode>}): which classic storage command it acts as. */
public enum MetaSetMode {
    /** {@code ME}: {@code add}. */
    ADD(Segment.Mode.ADD),
    /** {@code MA}: {@code append}. */
    APPEND(Segment.Mode.APPEND),
    /** {@code MP}: {@code prepend}. */
    PREPEND(Segment.Mode.PREPEND),
    /** {@code MR}: {@code replace}. */
    REPLACE(Segment.Mode.REPLACE),
    /** {@code MS}, the default: {@code set}. */
    SET(Segment.Mode.SET);

    final Segment.Mode mode;

    MetaSetMode(Segment.Mode mode) {
        this.mode = mode;
    }
}
