/**
 * The few types that injected helpers (and hooks) call. They are loaded by the bootstrap class loader (the agent
 * appends them to its search path at start-up), so every class loader of the application can see them, and they
 * use JDK types only. The engine behind them lives in the agent's own class loader.
 */
package io.bulwark.bootstrap;
