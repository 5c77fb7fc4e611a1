package catalog

/*
#include <stdint.h>
#include <stddef.h>

// The parts of SQLite's public C interface (sqlite3.h) that reach a
// database's wal-index: a stable ABI since SQLite 3.7. The functions are
// go-sqlite3's, linked into the same program; the weak declaration lets
// this package build on its own, and is checked before use.
typedef struct sqlite3 sqlite3;
typedef struct tacl_file tacl_file;
typedef struct tacl_io_methods {
	int iVersion;
	void *xClose, *xRead, *xWrite, *xTruncate, *xSync, *xFileSize;
	void *xLock, *xUnlock, *xCheckReservedLock, *xFileControl;
	void *xSectorSize, *xDeviceCharacteristics;
	int (*xShmMap)(tacl_file*, int iPg, int pgsz, int bExtend, void volatile **pp);
} tacl_io_methods;
struct tacl_file { const tacl_io_methods *pMethods; };

extern int sqlite3_file_control(sqlite3*, const char*, int, void*) __attribute__((weak));

#define TACL_FCNTL_FILE_POINTER 7
#define TACL_WAL_REGION 32768

// tacl_wal_index returns the first region of the wal-index of the main
// database of db, which SQLite maps from the -shm file beside it, or NULL
// when there is none (not in WAL mode, or no read has opened it yet).
// bExtend is 0: nothing is created, and the region is SQLite's own mapping.
static volatile void *tacl_wal_index(void *db) {
	tacl_file *f = NULL;
	volatile void *p = NULL;
	if (sqlite3_file_control == NULL) return NULL;
	if (sqlite3_file_control((sqlite3*)db, "main", TACL_FCNTL_FILE_POINTER, &f) != 0 || f == NULL || f->pMethods == NULL) return NULL;
	if (f->pMethods->iVersion < 2 || f->pMethods->xShmMap == NULL) return NULL;
	if (f->pMethods->xShmMap(f, 0, TACL_WAL_REGION, 0, &p) != 0) return NULL;
	return p;
}
*/
import "C"

import (
	"context"
	"database/sql"
	"reflect"
	"runtime"
	"sync/atomic"
	"unsafe"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// walHeader is the wal-index header: 48 bytes that SQLite's writers
// rewrite at every commit (its transaction counter, the last frame of the
// log, the log's salts and checksums), in shared memory that every
// connection to the file, in any process, maps from the -shm file.
type walHeader [12]uint32

// A walIndex reads, without a lock or a system call, the wal-index header
// of a catalog file, through the mapping of one connection held open for
// it. While the header is what it was before a snapshot was found
// current, nothing has committed since, and the snapshot still is: a
// commit is visible to any reader only once its writer rewrote the header,
// and the header never returns to an earlier value (its counter only
// grows, and a restarted log gets new salts). This replaces, on every
// decision, a read transaction's locks (PRAGMA data_version) with two
// dozen loads from memory.
//
// The mapping is SQLite's own, reached through its VFS interface
// (SQLITE_FCNTL_FILE_POINTER, xShmMap): no file is opened or closed
// outside SQLite, which would release SQLite's POSIX locks (see
// docs/limits.md). SQLite unmaps it only when the last connection of the
// process to the file closes, so the connection here keeps it mapped until
// close, which waits for every read in progress.
//
// Reads in progress are counted in one of several counters, each on a
// cache line of its own: a lock, or one counter, would
// be written by every decision and bounce between processors, and decisions
// on two goroutines would run no faster than on one.
type walIndex struct {
	conn    *sql.Conn
	header  *[24]uint32 // both copies of the header
	closed  atomic.Bool
	readers [8]struct {
		n atomic.Int64
		_ [120]byte
	}
	last atomic.Pointer[walMark]
}

// A walMark is a snapshot and the header read before it was found current.
type walMark struct {
	header walHeader
	snap   *Snapshot
}

// openWalIndex maps the wal-index of the file read opens, or returns nil
// when SQLite keeps none there (the file is not in WAL mode) or it cannot be
// reached: Snapshot then asks PRAGMA data_version at every decision.
func openWalIndex(ctx context.Context, read *sql.DB) *walIndex {
	conn, err := read.Conn(ctx)
	if err != nil {
		return nil
	}
	// A read opens the log and maps its index.
	var n int64
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM meta").Scan(&n); err != nil {
		conn.Close()
		return nil
	}
	var region unsafe.Pointer
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return nil
		}
		// go-sqlite3 does not export its handle; its field holds the
		// sqlite3* its methods pass to SQLite.
		f := reflect.ValueOf(sc).Elem().FieldByName("db")
		if !f.IsValid() || f.Kind() != reflect.Pointer {
			return nil
		}
		region = unsafe.Pointer(C.tacl_wal_index(f.UnsafePointer()))
		return nil
	})
	if err != nil || region == nil {
		conn.Close()
		return nil
	}
	return &walIndex{conn: conn, header: (*[24]uint32)(region)}
}

// read returns the current header, and false when it cannot be read as
// one (a writer is rewriting it, it is not initialized, or the index is
// closed).
func (w *walIndex) read() (walHeader, bool) {
	var h walHeader
	// Counted, then checked: close sets closed, then waits for every
	// counter to be zero, so a read either sees closed or is waited for.
	// The counter is chosen by where the caller's stack is: goroutines
	// have stacks of their own, so two rarely share one.
	var here byte
	readers := &w.readers[(uintptr(unsafe.Pointer(&here))>>11)%uintptr(len(w.readers))].n
	readers.Add(1)
	ok := !w.closed.Load() && w.load(&h)
	readers.Add(-1)
	return h, ok
}

// load reads the header into h, reporting whether it reads as one.
func (w *walIndex) load(h *walHeader) bool {
	p := w.header
	// Writers write the second copy, then the first; readers read the
	// first, then the second, and trust them only when they are the same.
	for i := range h {
		h[i] = atomic.LoadUint32(&p[i])
	}
	for i := range h {
		if atomic.LoadUint32(&p[12+i]) != h[i] {
			return false
		}
	}
	// isInit, its thirteenth byte.
	return (*[48]byte)(unsafe.Pointer(h))[12] == 1
}

// current returns the snapshot found current when the header was h.
func (w *walIndex) current(h walHeader) *Snapshot {
	if m := w.last.Load(); m != nil && m.header == h {
		return m.snap
	}
	return nil
}

// mark records that s was current when the header, read before s was
// found current, was h.
func (w *walIndex) mark(h walHeader, s *Snapshot) { w.last.Store(&walMark{header: h, snap: s}) }

// close stops reads of the index and closes its connection.
func (w *walIndex) close() {
	if w.closed.Swap(true) {
		return
	}
	for i := range w.readers {
		for w.readers[i].n.Load() != 0 {
			runtime.Gosched()
		}
	}
	w.conn.Close()
}
