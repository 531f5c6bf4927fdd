/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_STREAM_BLOCK_H
#define LPWA_STREAM_BLOCK_H

#include <cstdint>

namespace ns3
{
namespace lpwa
{

/**
 * \brief A block of ns-3 random stream numbers handed out one at a time, for objects that a
 * part creates after its AssignStreams() call (a TLS context or endpoint per connection).
 *
 * Assign() reserves [first, first + size). Each Take() gives the next number of the block, so
 * the k-th object created gets the same stream in every run. When the block is used up, or
 * was never assigned, Take() gives nothing and the caller leaves the object on automatic
 * streams: as reproducible, and never inside the block of another part.
 */
class StreamBlock
{
  public:
    /**
     * \brief Reserve the block [first, first + size) and start handing it out from first.
     * \param first first stream number (>= 0)
     * \param size number of streams (>= 1)
     * \return size, the number of streams used (as AssignStreams() returns)
     *
     * A negative first or a size of 0 is wrong use (NS_FATAL_ERROR naming the value).
     */
    int64_t Assign(int64_t first, int64_t size);

    /**
     * \brief Take the next stream of the block.
     * \param[out] stream the stream number, when there is one
     * \return false (stream untouched) when the block was never assigned or is used up
     */
    bool Take(int64_t& stream);

    /**
     * \brief Whether Assign() was called.
     * \return true once a block is assigned
     */
    bool IsAssigned() const;

    /**
     * \brief Streams Take() can still give.
     * \return 0 when unassigned or used up
     */
    int64_t GetRemaining() const;

  private:
    int64_t m_next{-1}; //!< next stream to give, -1: no block assigned
    int64_t m_end{-1};  //!< end of the block (exclusive)
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_STREAM_BLOCK_H
