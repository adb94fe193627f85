/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.server.storage;

import org.jspecify.annotations.NullMarked;
