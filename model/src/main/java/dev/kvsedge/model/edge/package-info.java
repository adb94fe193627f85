/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.model.edge;

import org.jspecify.annotations.NullMarked;
