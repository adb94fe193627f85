/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.model.console;

import org.jspecify.annotations.NullMarked;
