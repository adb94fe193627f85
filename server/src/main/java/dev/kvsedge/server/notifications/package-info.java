/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.server.notifications;

import org.jspecify.annotations.NullMarked;
