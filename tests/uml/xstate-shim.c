// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xstate-shim.c - LD_PRELOAD fix for UML's short NT_X86_XSTATE ptrace writes
 *
 * DOC: Theory of operation
 *
 * A User-Mode Linux kernel runs guest processes as ptrace()d host processes
 * and restores their FPU state with PTRACE_SETREGSET(NT_X86_XSTATE), using a
 * buffer whose size was fixed when UML was built (2696 bytes for Debian's
 * 6.1: enough for AVX-512, not for AMX). The host kernel rejects an xstate
 * write that is shorter than its own full user xstate size with -EFAULT, so
 * on hosts with a larger xstate (AMX tiles) the guest panics at its first
 * process: "userspace - ptrace set fp regs failed, errno = 14". Reads of a
 * shorter size are fine: the kernel simply copies less.
 *
 * This library, preloaded into linux.uml only for tests, replaces libc's
 * ptrace(). A short xstate write becomes read-modify-write: read the full
 * state of the tracee, lay UML's bytes over its start, write the full
 * buffer. Components beyond UML's buffer keep the tracee's current values,
 * which is what UML would have written had it known about them.
 *
 * Every other request goes straight to the raw system call, with glibc's
 * calling convention preserved: for PTRACE_PEEK{TEXT,DATA,USER} the wrapper
 * returns the peeked word and sets errno to 0 on success, whereas the system
 * call stores the word through @data.
 *
 * Where UML's buffer is already at least the host size, nothing changes.
 */

#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>

/* CPUID leaf enumerating XSAVE state components */
#define XSTATE_CPUID_LEAF	0xd

/* Static buffer large enough for AMX (11008 bytes) with room to spare */
#define XSTATE_BUF_BYTES	(64 * 1024)

static size_t xstate_host_bytes;
static unsigned char xstate_buf[XSTATE_BUF_BYTES] __attribute__((aligned(64)));
static atomic_flag xstate_buf_busy = ATOMIC_FLAG_INIT;

/**
 * xstate_host_size() - Size of the full XSAVE area on this CPU
 *
 * CPUID leaf 0xd, sub-leaf 0 reports in ECX the size needed for every state
 * component the processor supports, which is what the host kernel insists
 * on for NT_X86_XSTATE writes.
 *
 * Return: size in bytes, 0 if the CPU does not enumerate XSAVE
 */
static size_t xstate_host_size(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (!__get_cpuid_count(XSTATE_CPUID_LEAF, 0, &eax, &ebx, &ecx, &edx))
		return 0;

	return ecx;
}

/**
 * xstate_shim_init() - Learn the host xstate size once, before UML runs
 *
 * Done in a constructor so the hot path only reads a constant: UML calls
 * ptrace() on every switch to a guest process.
 */
__attribute__((constructor))
static void xstate_shim_init(void)
{
	xstate_host_bytes = xstate_host_size();
}

/**
 * ptrace_raw() - Issue the ptrace system call without glibc's PEEK handling
 * @request:	ptrace request
 * @pid:	tracee
 * @addr:	request-specific address argument
 * @data:	request-specific data argument
 *
 * Return: system call result, or -1 with errno set
 */
static long ptrace_raw(long request, pid_t pid, void *addr, void *data)
{
	return syscall(SYS_ptrace, request, (long)pid, addr, data);
}

/**
 * xstate_is_short_write() - Is this an xstate write the host would refuse?
 * @request:	ptrace request
 * @addr:	regset type, for PTRACE_SETREGSET
 * @data:	struct iovec describing the caller's buffer
 *
 * Return: true for PTRACE_SETREGSET(NT_X86_XSTATE) shorter than the host size
 */
static bool xstate_is_short_write(long request, void *addr, void *data)
{
	const struct iovec *iov = data;

	if (request != PTRACE_SETREGSET || (unsigned long)addr != NT_X86_XSTATE)
		return false;
	if (!iov || !xstate_host_bytes)
		return false;

	return iov->iov_len < xstate_host_bytes;
}

/**
 * xstate_write_full() - Write a short xstate image as a full one
 * @pid:	tracee
 * @buf:	scratch buffer of at least the host xstate size
 * @iov:	UML's buffer
 *
 * Return: 0 on success, -1 with errno set on failure
 */
static long xstate_write_full(pid_t pid, unsigned char *buf,
			      const struct iovec *iov)
{
	struct iovec full = { .iov_base = buf, .iov_len = xstate_host_bytes };

	if (ptrace_raw(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &full))
		return -1;

	/* The kernel trims iov_len to its own size: never copy past it */
	if (iov->iov_len > full.iov_len) {
		errno = EFAULT;
		return -1;
	}
	memcpy(buf, iov->iov_base, iov->iov_len);

	return ptrace_raw(PTRACE_SETREGSET, pid, (void *)NT_X86_XSTATE, &full);
}

/**
 * xstate_fix_write() - Handle a short xstate write with a scratch buffer
 * @pid:	tracee
 * @iov:	UML's buffer
 *
 * The static buffer serves the common case without allocating; UML's helper
 * threads share our address space, so a concurrent (or oversized) request
 * gets a private mapping instead: mmap() rather than malloc(), because it
 * is async-signal-safe and stays clear of UML's own heap (UML redirects
 * its malloc() calls to kmalloc() once the kernel is up).
 *
 * Return: 0 on success, -1 with errno set on failure
 */
static long xstate_fix_write(pid_t pid, const struct iovec *iov)
{
	size_t len = xstate_host_bytes;
	unsigned char *buf;
	long ret;
	int saved_errno;

	if (len <= sizeof(xstate_buf) &&
	    !atomic_flag_test_and_set_explicit(&xstate_buf_busy,
					       memory_order_acquire)) {
		ret = xstate_write_full(pid, xstate_buf, iov);
		atomic_flag_clear_explicit(&xstate_buf_busy,
					   memory_order_release);
		return ret;
	}

	buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return -1;

	ret = xstate_write_full(pid, buf, iov);

	saved_errno = errno;
	munmap(buf, len);
	errno = saved_errno;

	return ret;
}

/**
 * ptrace() - Drop-in replacement for glibc's ptrace()
 * @request:	ptrace request
 * @...:	pid, addr and data, as for glibc's ptrace()
 *
 * Return: as glibc's ptrace(): the peeked word for PTRACE_PEEK* (errno set
 * to 0 on success), the system call result otherwise; -1 with errno set on
 * failure
 */
long ptrace(enum __ptrace_request request, ...)
{
	long req = (long)request, word, ret;
	void *addr, *data;
	va_list ap;
	pid_t pid;

	/* glibc reads exactly these three, whatever the request */
	va_start(ap, request);
	pid = va_arg(ap, pid_t);
	addr = va_arg(ap, void *);
	data = va_arg(ap, void *);
	va_end(ap);

	if (req == PTRACE_PEEKTEXT || req == PTRACE_PEEKDATA ||
	    req == PTRACE_PEEKUSER) {
		ret = ptrace_raw(req, pid, addr, &word);
		if (ret < 0)
			return ret;
		/* -1 is a valid word: callers tell errors apart by errno */
		errno = 0;
		return word;
	}

	if (xstate_is_short_write(req, addr, data))
		return xstate_fix_write(pid, data);

	return ptrace_raw(req, pid, addr, data);
}
