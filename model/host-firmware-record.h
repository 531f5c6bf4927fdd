/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_HOST_FIRMWARE_RECORD_H
#define LPWA_HOST_FIRMWARE_RECORD_H

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief What a HostFirmware reports about one connection attempt (its `Connection` trace),
 * one row of a connections.csv.
 *
 * Everything in it is what the host can observe over the UART, plus its own bookkeeping:
 *  - `errorCode` is the module's code: the `<err>` of `+QSSLOPEN: <id>,<err>` /
 *    `+MIPOPEN: <id>,<err>`, the number of a `+CME ERROR: <n>` final result, or, after a host
 *    timeout, the code `AT+QIGETERROR` returned (profiles that send it); -1 if none;
 *  - `resumptionOffered` is bookkeeping: session resumption was enabled with
 *    `AT+QSSLCFG="session"` / `AT+MSSLCFG="session"` and an earlier connection of this host
 *    completed its handshake, so the module had a session to offer. Whether the server
 *    accepted it is not visible over AT (neither dialect reports it); the TLS server's
 *    HandshakeCompleted trace tells.
 */
struct HostFirmwareRecord
{
    /// How the attempt ended.
    enum Outcome
    {
        CLOSED_BY_HOST, //!< connected, then closed by the host (MessageCount reached, Stop)
        CLOSED_BY_PEER, //!< connected, then the module reported the connection closed
        OPEN_ERROR,     //!< the open result (or the open command) reported an error
        HOST_TIMEOUT,   //!< the host gave up waiting for the open result
        COMMAND_FAILED, //!< a command of the open sequence failed or timed out
        SEND_FAILED,    //!< connected, then a send failed (SEND FAIL, error, timeout)
    };

    /**
     * \brief Get the name of an outcome (as written to connections.csv).
     * \param outcome the outcome
     * \return e.g. "host-timeout"
     */
    static std::string GetOutcomeName(Outcome outcome)
    {
        switch (outcome)
        {
            case CLOSED_BY_HOST:
                return "closed-by-host";
            case CLOSED_BY_PEER:
                return "closed-by-peer";
            case OPEN_ERROR:
                return "open-error";
            case HOST_TIMEOUT:
                return "host-timeout";
            case COMMAND_FAILED:
                return "command-failed";
            case SEND_FAILED:
                return "send-failed";
        }
        return "unknown";
    }

    uint32_t attempt{0};           //!< attempt number of this host, from 1
    double start{0};               //!< first command of the attempt, simulated seconds
    double connected{-1};          //!< open result 0 arrived (-1: never), simulated seconds
    double end{0};                 //!< the attempt ended, simulated seconds
    Outcome outcome{OPEN_ERROR};   //!< how it ended
    int32_t errorCode{-1};         //!< the module's error code (see the struct notes), or -1
    bool resumptionOffered{false}; //!< the module had a session to resume (bookkeeping)
    uint64_t bytesSent{0};         //!< application bytes accepted by the module
    uint64_t bytesReceived{0};     //!< application bytes read from the module
    uint32_t messagesEchoed{0};    //!< messages whose echo arrived completely
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_HOST_FIRMWARE_RECORD_H
