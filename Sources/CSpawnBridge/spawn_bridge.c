#define _GNU_SOURCE
#include "spawn_bridge.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

int spawn_bridge_start(const char *path, char *const argv[], char *const envp[],
                       int stdin_fd, int stdout_fd, int stderr_fd, pid_t *pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int status = posix_spawn_file_actions_init(&actions);
    if (status != 0) return status;
    status = posix_spawnattr_init(&attributes);
    if (status != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return status;
    }

    short flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
#if defined(__APPLE__)
    /* Darwin closes every descriptor not named in the file actions. */
    flags |= POSIX_SPAWN_CLOEXEC_DEFAULT;
#elif !defined(__GLIBC__)
#error "spawn_bridge: no way known here to close a child's other descriptors as it starts"
#endif
    status = posix_spawnattr_setflags(&attributes, flags);
    if (status == 0) status = posix_spawnattr_setpgroup(&attributes, 0);
    if (status == 0) status = posix_spawnattr_setsigmask(&attributes, &none);
    if (status == 0) status = posix_spawnattr_setsigdefault(&attributes, &all);

    if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
    if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, stderr_fd, 2);
#if defined(__GLIBC__)
    /* glibc 2.34 and later; the descriptors other threads open between now and the exec are closed too. */
    if (status == 0) status = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif

    if (status == 0) status = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return status;
}

int spawn_bridge_wait_exit(pid_t pid) {
    siginfo_t info;
    while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) == -1) {
        if (errno != EINTR) return errno;
    }
    return 0;
}

int spawn_bridge_reap(pid_t pid, int *exit_status, int *signal) {
    int status = 0;
    while (waitpid(pid, &status, 0) == -1) {
        if (errno != EINTR) return errno;
    }
    *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
    *signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return 0;
}
