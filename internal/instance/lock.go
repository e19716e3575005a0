package instance

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// DeliveryLockFile is the lock that lets one delivery worker at a time work
// on a data directory.
const DeliveryLockFile = "deliver.lock"

// LockDelivery takes the data directory's delivery lock, so that two
// workers (tocsin serve and tocsin deliver, or two of either) never send the
// same delivery. With wait it blocks until the lock is free; without, it
// returns ok=false when another process holds it. The operating system
// releases the lock of a process that dies, so a crash never leaves it held.
func (i *Instance) LockDelivery(wait bool) (release func(), ok bool, err error) {
	f, err := os.OpenFile(filepath.Join(i.Dir, DeliveryLockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("delivery lock: %w", err)
	}
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("delivery lock: %w", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, true, nil
}
