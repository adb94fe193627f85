/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.server.agents;

import org.jspecify.annotations.NullMarked;
