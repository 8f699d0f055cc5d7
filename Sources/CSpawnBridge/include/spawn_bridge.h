/*
 * spawn_bridge.h — start a child process that holds nothing of its parent's but three descriptors.
 *
 * Plain C because the parts that matter are not reachable from Swift: glibc declares
 * posix_spawn_file_actions_addclosefrom_np only under _GNU_SOURCE, and a wait status is read with
 * macros (WIFSIGNALED, WTERMSIG, WEXITSTATUS).
 */
#ifndef SPAWN_BRIDGE_H
#define SPAWN_BRIDGE_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Starts `path` with `argv` and `envp` (NULL-terminated) and writes its process identifier to `pid`.
 * The child's standard input, output and error are `stdin_fd`, `stdout_fd` and `stderr_fd`; every other
 * descriptor is closed in it, whatever other threads of the parent open at the same moment. It runs in a
 * process group of its own (a Ctrl-C at the terminal does not reach it), with no signal blocked and
 * every signal at its default action. Returns 0, or the errno that stopped the start.
 */
int spawn_bridge_start(const char *path, char *const argv[], char *const envp[],
                       int stdin_fd, int stdout_fd, int stderr_fd, pid_t *pid);

/*
 * Waits for the child `pid` to end without reaping it: until spawn_bridge_reap, its identifier cannot be
 * given to another process, so a signal sent to it meanwhile reaches no one else. Returns 0, or the errno
 * of waitid.
 */
int spawn_bridge_wait_exit(pid_t pid);

/*
 * Reaps the child `pid`, waiting for it to end if it has not. Writes its exit status (0–255) to
 * `exit_status` and 0 to `signal` when it exited, or the signal that ended it to `signal` and 0 to
 * `exit_status`. Returns 0, or the errno of waitpid.
 */
int spawn_bridge_reap(pid_t pid, int *exit_status, int *signal);

#ifdef __cplusplus
}
#endif

#endif
