/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_PTY_UART_ENDPOINT_H
#define LPWA_PTY_UART_ENDPOINT_H

#include "state-transition-table.h"
#include "uart-channel.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

class PtyMasterReader;

/**
 * \brief The host side of a module's simulated UART, backed by a pseudo-terminal, so that an
 *        external program (picocom, pyserial, a firmware build) is the host.
 *
 * Open() creates a PTY pair (posix_openpt), puts the line in raw mode, and publishes the slave
 * path (GetSlavePath(), e.g. /dev/pts/7), plus a symlink at `LinkPath` if set. Bytes the
 * program writes to the slave are read by a PtyMasterReader thread and enter simulated time
 * through Simulator::ScheduleWithContext (thread-safe under RealtimeSimulatorImpl, which is
 * what makes this useful: simulated time then tracks wall-clock time). They are sent on the
 * UartChannel from its HOST side, so they reach the module with the UART's serialization
 * timing (`BaudRate`, framing). The program's own termios speed is ignored: a PTY has no line
 * rate, and bytes written "at the wrong baud rate" are still bytes.
 *
 * Input back-pressure: at most `InputBufferSize` bytes are in flight (read from the PTY and
 * not yet delivered to the module); beyond that bytes wait in the kernel's PTY buffer, so a
 * program writing faster than the baud rate is slowed down as by a real UART.
 *
 * Output: each byte the module sends is written to the PTY as it arrives (at the UART's
 * timing). A program that does not read fills the kernel's buffer; then up to
 * `OutputBufferSize` bytes wait here, retried every `PollInterval`; bytes beyond that are
 * dropped, counted (GetBytesDropped()) and reported by the `OutputDropped` trace and an
 * NS_LOG_WARN, as a UART whose receiver overflows loses them.
 *
 * Presence and DTR. State machine (GetTransitionTable()): CLOSED -> DETACHED (Open()); DETACHED
 * <-> ATTACHED as a program opens the slave and closes it (the master reports a hang-up while
 * no descriptor of the slave is open; checked every `PollInterval` and whenever bytes arrive);
 * either -> CLOSED (Close()). Output while DETACHED is discarded (GetBytesDiscarded()), as a
 * UART's bytes are lost with nobody listening. A Linux PTY has no modem-control lines
 * (TIOCMGET/TIOCMSET fail with ENOTTY), so with `DtrFollowsOpen` the DTR line follows the
 * POSIX rules for them instead: DTR is asserted (MAIN_DTR LOW) while a program holds the
 * slave open and its output speed is not B0; closing the port (HUPCL) or setting the speed
 * to B0 (cfsetospeed(B0), POSIX "hang up") deasserts it (MAIN_DTR HIGH). Both are checked
 * every `PollInterval`.
 *
 * The endpoint must stay alive until Simulator::Destroy(): events the reader thread schedules
 * refer to it. Dispose() closes it.
 */
class PtyUartEndpoint : public Object
{
  public:
    /// Whether a program holds the PTY.
    enum State
    {
        CLOSED,   //!< no PTY
        DETACHED, //!< PTY open, no program holds the slave
        ATTACHED  //!< a program holds the slave open
    };

    /**
     * \brief Signature of the StateTransition trace source.
     * \param from the previous state
     * \param to the new state
     */
    typedef void (*StateTransitionTracedCallback)(State from, State to);

    /**
     * \brief Signature of the OutputDropped trace source.
     * \param byte the byte dropped
     * \param total bytes dropped so far
     */
    typedef void (*OutputDroppedTracedCallback)(uint8_t byte, uint64_t total);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    PtyUartEndpoint();
    ~PtyUartEndpoint() override;

    /**
     * \brief Take the HOST side of a UART (its receive callback and DTR line).
     * \param uart the module's UART
     * \param context the simulation context (node id) of input events
     */
    void SetUart(Ptr<UartChannel> uart, uint32_t context);

    /**
     * \brief Create the PTY pair, the `LinkPath` symlink, and start the reader thread.
     * \param[out] error what went wrong (system call and errno text, or the link path)
     * \return false on an error; the endpoint stays CLOSED
     */
    bool Open(std::string& error);

    /// \brief Stop the reader thread, close the PTY and remove the symlink (if open).
    void Close();

    /// \brief \return the slave path (e.g. /dev/pts/7), "" while CLOSED
    std::string GetSlavePath() const;

    /// \brief \return the current state
    State GetState() const;

    /**
     * \brief Get the name of a state.
     * \param state the state
     * \return its name
     */
    static std::string GetStateName(State state);

    /// \brief \return the transition table of the state machine
    static const StateTransitionTable<State>& GetTransitionTable();

    /// \brief \return bytes read from the PTY (sent to the module)
    uint64_t GetBytesToModule() const;

    /// \brief \return bytes written to the PTY (from the module)
    uint64_t GetBytesToPty() const;

    /// \brief \return module bytes dropped because `OutputBufferSize` was full
    uint64_t GetBytesDropped() const;

    /// \brief \return module bytes discarded while no program held the PTY
    uint64_t GetBytesDiscarded() const;

    /// \brief \return module bytes waiting for the program to read
    size_t GetPendingBytes() const;

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Move to another state. Fires `StateTransition`.
     * \param next the new state
     */
    void SwitchToState(State next);

    /**
     * \brief Reader thread: bytes read from the PTY (takes ownership of buffer).
     * \param buffer the bytes, allocated with new[]
     * \param length their number
     */
    void ReadFromPty(uint8_t* buffer, ssize_t length);

    /**
     * \brief Simulation thread: send bytes read from the PTY to the module.
     * \param bytes the bytes
     */
    void DeliverInput(const std::vector<uint8_t>& bytes);

    /**
     * \brief UART callback: a byte from the module arrived at the HOST side.
     * \param byte the byte
     */
    void ReceiveFromModule(uint8_t byte);

    /**
     * \brief UART trace: a byte reached the module.
     * \param byte the byte
     */
    void DeliveredToModule(uint8_t byte);

    /// Check presence and DTR, write pending output, and reschedule.
    void Poll();

    /// Check whether a program holds the slave and what DTR should be.
    void CheckPresence();

    /// Write pending output to the PTY as far as it takes it.
    void Flush();

    std::string m_linkPath;                            //!< LinkPath attribute
    uint32_t m_outputBufferSize{4096};                 //!< OutputBufferSize attribute
    uint32_t m_inputBufferSize{4096};                  //!< InputBufferSize attribute
    Time m_pollInterval;                               //!< PollInterval attribute
    bool m_dtrFollowsOpen{true};                       //!< DtrFollowsOpen attribute
    Ptr<UartChannel> m_uart;                           //!< the UART
    uint32_t m_context{0};                             //!< context of input events
    int m_fd{-1};                                      //!< PTY master
    std::string m_slavePath;                           //!< PTY slave path
    bool m_linkCreated{false};                         //!< m_linkPath is ours to remove
    State m_state{CLOSED};                             //!< state
    Ptr<PtyMasterReader> m_reader;                     //!< the reader thread
    std::shared_ptr<std::atomic<uint64_t>> m_inFlight; //!< bytes read, not yet delivered
    std::deque<uint8_t> m_pending;                     //!< output not yet written
    EventId m_pollEvent;                               //!< next Poll()
    uint64_t m_bytesToModule{0};                       //!< counter
    uint64_t m_bytesToPty{0};                          //!< counter
    uint64_t m_bytesDropped{0};                        //!< counter
    uint64_t m_bytesDiscarded{0};                      //!< counter
    TracedCallback<State, State> m_stateTrace;         //!< StateTransition
    TracedCallback<uint8_t, uint64_t> m_droppedTrace;  //!< OutputDropped
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_PTY_UART_ENDPOINT_H
