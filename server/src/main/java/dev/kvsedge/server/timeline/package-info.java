/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.server.timeline;

import org.jspecify.annotations.NullMarked;
