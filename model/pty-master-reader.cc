/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pty-master-reader.h"

#include "ns3/fatal-error.h"
#include "ns3/log.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>
#include <unistd.h>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaPtyMasterReader");

PtyMasterReader::PtyMasterReader(std::shared_ptr<std::atomic<uint64_t>> inFlight,
                                 uint64_t limit,
                                 uint32_t idlePauseUs)
    : m_inFlight(std::move(inFlight))
    , m_limit(limit)
    , m_idlePauseUs(idlePauseUs)
{
    if (!m_inFlight || m_limit == 0)
    {
        NS_FATAL_ERROR("ns3::lpwa::PtyMasterReader: limit " << m_limit
                                                            << " must be >= 1, with a counter");
    }
}

FdReader::Data
PtyMasterReader::DoRead()
{
    const uint64_t inFlight = m_inFlight->load();
    if (inFlight >= m_limit)
    {
        // The UART has not caught up yet: leave the bytes in the kernel's buffer.
        std::this_thread::sleep_for(std::chrono::microseconds(m_idlePauseUs));
        return FdReader::Data(nullptr, -1);
    }
    const size_t room = static_cast<size_t>(std::min<uint64_t>(m_limit - inFlight, 4096));
    auto* buffer = new uint8_t[room];
    const ssize_t n = read(m_fd, buffer, room);
    if (n > 0)
    {
        m_inFlight->fetch_add(static_cast<uint64_t>(n));
        return FdReader::Data(buffer, n);
    }
    const int error = errno;
    delete[] buffer;
    if (n == 0 || (error != EAGAIN && error != EINTR))
    {
        // EIO: no program holds the slave open. Wait for one without spinning.
        std::this_thread::sleep_for(std::chrono::microseconds(m_idlePauseUs));
    }
    return FdReader::Data(nullptr, -1);
}

} // namespace lpwa
} // namespace ns3
