/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_PTY_MASTER_READER_H
#define LPWA_PTY_MASTER_READER_H

#include "ns3/fd-reader.h"

#include <atomic>
#include <cstdint>
#include <memory>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The reader thread of a PtyUartEndpoint: ns-3's FdReader on a pseudo-terminal master.
 *
 * It reads what the external program writes to the PTY slave and hands it to the callback
 * given to Start() (in the reader thread; the callback must take ownership of the buffer,
 * allocated with `new[]`, and move into simulated time with Simulator::ScheduleWithContext).
 *
 * Back-pressure: it reads only while fewer than `limit` bytes are in flight (read, and not yet
 * delivered to the module by the UART); the counter is shared with the endpoint, which
 * decrements it per delivered byte. Beyond that it leaves bytes in the kernel's PTY buffer, so
 * a program writing faster than the simulated baud rate blocks (or gets EAGAIN) as it would on
 * a real serial port, and memory stays bounded.
 *
 * While no program holds the slave open, the master reads EIO at once; the reader then pauses
 * for `idlePause` (host time, in this I/O thread only) instead of spinning. A read never
 * returns 0 to FdReader, so the thread runs until FdReader::Stop().
 */
class PtyMasterReader : public FdReader
{
  public:
    /**
     * \brief Make a reader.
     * \param inFlight the in-flight byte counter shared with the endpoint
     * \param limit the most bytes in flight before reading pauses (>= 1)
     * \param idlePauseUs the pause, in microseconds, when nothing can be read
     */
    PtyMasterReader(std::shared_ptr<std::atomic<uint64_t>> inFlight,
                    uint64_t limit,
                    uint32_t idlePauseUs);

  protected:
    /**
     * \brief Read what is there, up to the in-flight limit.
     * \return the bytes read (m_len > 0), or m_len -1 when nothing was read
     */
    FdReader::Data DoRead() override;

  private:
    std::shared_ptr<std::atomic<uint64_t>> m_inFlight; //!< bytes read, not yet delivered
    uint64_t m_limit;                                  //!< most bytes in flight
    uint32_t m_idlePauseUs;                            //!< pause when nothing can be read
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_PTY_MASTER_READER_H
