/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_HOST_FIRMWARE_H
#define LPWA_HOST_FIRMWARE_H

#include "at-line-reader.h"
#include "host-firmware-profile.h"
#include "host-firmware-record.h"
#include "retry-policy.h"
#include "state-transition-table.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"
#include "ns3/uart-channel.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The host's firmware on the host side of a module's UART: an application that drives
 * the module only with AT commands, as one of four real drivers does (`Driver` attribute,
 * HostFirmwareProfile), and reports every application-level event.
 *
 * Behaviour: bring-up (echo off, registration wait, PDP activation, SSL context setup and, if
 * `CaCertificate` is set, the certificate upload), then the connection: open, one message of
 * `MessageSize` bytes every `MessagePeriod` (the first right after the open), each expected
 * back from an echo server when `ExpectEcho` is true. A lost connection, a failed open or a
 * host-side timeout ends the attempt; the host then cleans up as its driver does (AT+QIGETERROR,
 * AT+QSSLCLOSE / AT+MIPCLOSE) and tries again after the `RetryPolicy` delay. After
 * `MessageCount` messages (0: never) the host closes and stops (state DONE).
 *
 * The host sees only bytes from the UART: it parses final result codes, '>' prompts,
 * `CONNECT`, URCs and the raw data of `+QSSLRECV` / `+MIPURC: "rtcp"`. It keeps one command in
 * flight; URC-triggered commands queue behind it. Its only events are command timeouts, the
 * message period, receive polling (TinyGSM, only while an echo is outstanding) and the retry
 * timer, so it costs little beyond the UART's own per-byte events.
 *
 * State machine (GetTransitionTable()): OFF -> BRINGING_UP -> OPENING -> CONNECTED ->
 * CLOSING -> WAITING -> OPENING ...; OPENING -> RECOVERING (failed open) -> WAITING or
 * OPENING (immediate retry); BRINGING_UP -> WAITING (bring-up failed); CLOSING/RECOVERING ->
 * DONE; every state -> OFF on stop. SwitchToState() fires `StateTransition`.
 */
class HostFirmware : public Application
{
  public:
    /// The firmware's states.
    enum State
    {
        OFF,         //!< not started, or stopped
        BRINGING_UP, //!< attach, PDP, SSL context, certificates
        OPENING,     //!< the open sequence, waiting for its result
        CONNECTED,   //!< exchanging messages
        RECOVERING,  //!< after a failed open: error query and clean-up
        CLOSING,     //!< closing a connection
        WAITING,     //!< backoff before the next attempt
        DONE,        //!< MessageCount reached or MaxRetries exceeded
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    HostFirmware();
    ~HostFirmware() override;

    /**
     * \brief Connect to the host side of a module's UART (before the application starts).
     * \param uart the channel
     */
    void SetUart(Ptr<UartChannel> uart);

    /**
     * \brief Get the UART.
     * \return the channel given to SetUart()
     */
    Ptr<UartChannel> GetUart() const;

    /**
     * \brief Get the retry policy (the `RetryPolicy` attribute).
     * \return the policy
     */
    Ptr<RetryPolicy> GetRetryPolicy() const;

    /**
     * \brief Get the driver profile in use (the `Driver` attribute).
     * \return the profile
     */
    const HostFirmwareProfile& GetProfile() const;

    /**
     * \brief Get the current state.
     * \return the state
     */
    State GetState() const;

    /**
     * \brief Get the name of a state.
     * \param state the state
     * \return e.g. "CONNECTED"
     */
    static std::string GetStateName(State state);

    /**
     * \brief Get the transition table.
     * \return the table
     */
    static const StateTransitionTable<State>& GetTransitionTable();

    /**
     * \brief Get the number of connection attempts started.
     * \return the attempts
     */
    uint32_t GetAttemptCount() const;

    /**
     * \brief Get the number of attempts whose open succeeded.
     * \return the connections
     */
    uint32_t GetConnectionCount() const;

    /**
     * \brief Use fixed random streams (the retry policy's).
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// TracedCallback signature for StateTransition.
    typedef void (*StateTransitionTracedCallback)(State from, State to);
    /// TracedCallback signature for Command, Line and CommandTimeout.
    typedef void (*TextTracedCallback)(const std::string& text);
    /// TracedCallback signature for OpenStarted, PeerClosed.
    typedef void (*AttemptTracedCallback)(uint32_t attempt);
    /// TracedCallback signature for Connected (attempt, time from the attempt's start).
    typedef void (*ConnectedTracedCallback)(uint32_t attempt, Time openTime);
    /// TracedCallback signature for OpenFailed (attempt, outcome, module error code or -1).
    typedef void (*OpenFailedTracedCallback)(uint32_t attempt,
                                             HostFirmwareRecord::Outcome outcome,
                                             int32_t errorCode);
    /// TracedCallback signature for RetryScheduled (consecutive failures, delay).
    typedef void (*RetryTracedCallback)(uint32_t failures, Time delay);
    /// TracedCallback signature for MessageSent (sequence number, size).
    typedef void (*MessageSentTracedCallback)(uint32_t seq, uint32_t size);
    /// TracedCallback signature for MessageEchoed (sequence number, latency).
    typedef void (*MessageEchoedTracedCallback)(uint32_t seq, Time latency);
    /// TracedCallback signature for Connection (one record per attempt).
    typedef void (*ConnectionTracedCallback)(const HostFirmwareRecord& record);
    /// TracedCallback signature for BringUpCompleted (time the bring-up took).
    typedef void (*BringUpTracedCallback)(Time duration);

  protected:
    void DoDispose() override;

  private:
    /// What a command got back.
    struct Reply
    {
        bool timedOut{false};          //!< no answer in time
        std::string final;             //!< the final result line (empty after a timeout)
        std::vector<std::string> info; //!< information lines before the final result
        std::string urc;               //!< the awaited URC, if any
        /// \return true if the final result is a success and no awaited URC is missing
        bool IsOk() const;
        /// \return the number of a +CME ERROR final result, else -1
        int32_t GetCmeError() const;
    };

    /// How a command's payload is written.
    enum PayloadMode
    {
        NO_PAYLOAD,    //!< a plain command
        AFTER_PROMPT,  //!< after the '>' prompt
        AFTER_DELAY,   //!< a fixed time after the command, without waiting for '>'
        AFTER_CONNECT, //!< after CONNECT (AT+QFUPL)
    };

    /// One command for the module.
    struct Command
    {
        std::string text;                       //!< the command line, without CR
        Time timeout;                           //!< wait for the final result (and prompt)
        PayloadMode mode{NO_PAYLOAD};           //!< payload handling
        std::string payload;                    //!< payload bytes
        std::string urcPrefix;                  //!< after OK, wait for a URC with this prefix
        Time urcTimeout;                        //!< wait for that URC
        std::function<void(const Reply&)> done; //!< called with the reply
    };

    /// One step of a command sequence.
    struct Step
    {
        Command command;                         //!< the command
        std::function<bool(const Reply&)> check; //!< success test (default Reply::IsOk)
        std::function<bool()> skip;              //!< skip the step if this returns true
        Time repeatEvery;                        //!< repeat a failed check after this
        Time repeatFor;                          //!< ... for at most this long
    };

    void StartApplication() override;
    void StopApplication() override;

    /// Cancel every pending event and drop the queued commands.
    void CancelEvents();

    /**
     * \brief Move to another state. Fires `StateTransition`.
     * \param next the new state; fatal error if the table does not allow it
     */
    void SwitchToState(State next);

    // Command engine.
    void Issue(Command command);
    void SendCurrent();
    void Complete();
    void CommandTimedOut();
    void ByteReceived(uint8_t byte);
    void LineReceived(const std::string& line);
    void PromptReceived();
    bool HandleUrc(const std::string& line);
    void WritePayload();
    static bool IsFinalResult(const std::string& line);

    // Sequences.
    /**
     * Append a step with a plain command.
     * \param steps the sequence
     * \param text the command line
     * \param timeout its timeout
     * \return the new step (valid until the next append)
     */
    static Step* AddStep(std::vector<Step>& steps, const std::string& text, Time timeout);
    void RunSteps(std::vector<Step> steps, std::function<void(bool, const Reply&)> done);
    void NextStep();

    // Behaviour.
    void StartBringUp();
    std::vector<Step> MakeBringUpSteps();
    void BringUpFinished(bool ok, const Reply& reply);
    void StartAttempt();
    std::vector<Step> MakeOpenSteps();
    Command MakeOpenCommand();
    void OpenFinished(const Reply& reply);
    void OpenFailed(HostFirmwareRecord::Outcome outcome, int32_t errorCode);
    void Connected();
    void SendMessage();
    void IssueChunk(uint32_t seq, std::string chunk, bool last, uint32_t size);
    void IssueRead(uint32_t length);
    void Poll();
    void CheckConnectedThenSend();
    void DataReceived(const std::string& data);
    void ConnectionLost(HostFirmwareRecord::Outcome outcome, int32_t errorCode);
    void CloseByHost();
    /**
     * Close the connection (state CLOSING), then end the attempt.
     * \param after the state once the close command is answered: WAITING (then retry) or DONE
     */
    void CloseConnection(State after);
    /**
     * Count a message as echoed and fire `MessageEchoed`.
     * \param seq its sequence number
     * \param latency its latency
     * \return true if it was the last one (`MessageCount`)
     */
    bool MessageEchoed(uint32_t seq, Time latency);
    Command MakeCloseCommand();
    void EndAttempt();
    void ScheduleRetry();
    void Retry();
    std::string MakePayload(uint32_t seq) const;
    std::string Host() const;

    // Attributes.
    HostFirmwareProfile::Driver m_driver{HostFirmwareProfile::TINYGSM}; //!< Driver
    std::string m_host;                                                 //!< Host
    uint16_t m_port{443};                                               //!< Port
    std::string m_apn;                                                  //!< Apn
    std::string m_caPem;                                                //!< CaCertificate
    std::string m_caName;                                               //!< CaFileName
    bool m_session{false};                                              //!< SessionResumption
    uint32_t m_messageSize{64};                                         //!< MessageSize
    Time m_messagePeriod;                                               //!< MessagePeriod
    uint32_t m_messageCount{0};                                         //!< MessageCount
    bool m_expectEcho{true};                                            //!< ExpectEcho
    Time m_openTimeoutOverride;        //!< OpenTimeout (0: profile)
    bool m_closeAfterFailedOpen{true}; //!< CloseAfterFailedOpen
    uint32_t m_maxRetries{0};          //!< MaxRetries
    Ptr<RetryPolicy> m_retry;          //!< RetryPolicy

    // Wiring and state.
    Ptr<UartChannel> m_uart;                       //!< the module's UART
    const HostFirmwareProfile* m_profile{nullptr}; //!< the driver profile
    State m_state{OFF};                            //!< state
    Time m_startedAt;                              //!< bring-up start

    // Command engine state.
    /// What the engine waits for.
    enum Phase
    {
        IDLE,   //!< no command in flight
        PROMPT, //!< '>' or CONNECT before the payload
        FINAL,  //!< the final result code
        URC,    //!< the awaited URC after OK
    };

    Phase m_phase{IDLE};         //!< engine phase
    bool m_busy{false};          //!< a command is in flight
    Command m_current;           //!< the command in flight
    Reply m_reply;               //!< its reply so far
    std::deque<Command> m_queue; //!< commands waiting for the engine
    EventId m_timer;             //!< command timeout
    EventId m_payloadEvent;      //!< AFTER_DELAY payload write
    AtLineReader m_lines;        //!< received lines and prompts
    uint32_t m_rawPending{0};    //!< raw bytes announced, starting after CR LF
    uint32_t m_rawRemaining{0};  //!< raw data bytes still to come
    std::string m_rawData;       //!< raw data collected
    bool m_registered{false};    //!< a +CEREG URC / answer reported home or roaming
    std::string m_resolved;      //!< the address the host resolved
    bool m_pdpActive{false};     //!< AT+MIPCALL? reported an active call

    // Sequence state.
    std::vector<Step> m_steps;                           //!< running sequence
    size_t m_stepIndex{0};                               //!< next step
    Time m_stepStarted;                                  //!< first try of the current step
    std::function<void(bool, const Reply&)> m_stepsDone; //!< sequence end
    uint64_t m_generation{0};                            //!< bumps on every attempt / stop
    EventId m_stepEvent;                                 //!< step repetition

    // Connection state.
    bool m_broughtUp{false};     //!< bring-up completed
    bool m_caUploaded{false};    //!< TinyGSM: the certificate is in the module's flash
    uint32_t m_attempts{0};      //!< attempts started
    uint32_t m_connections{0};   //!< opens that succeeded
    uint32_t m_failures{0};      //!< consecutive failed attempts
    uint32_t m_immediateLeft{0}; //!< immediate retries left
    bool m_hadSession{false};    //!< a handshake completed before (resumption bookkeeping)
    HostFirmwareRecord m_record; //!< the attempt in progress
    bool m_recordOpen{false};    //!< m_record not reported yet
    uint32_t m_seq{0};           //!< messages started on this connection
    uint64_t m_issuedBytes{0};   //!< payload bytes handed to send commands
    uint64_t m_rxBytes{0};       //!< payload bytes received on this connection

    /// A message waiting for its echo.
    struct Outstanding
    {
        uint32_t seq;     //!< sequence number
        Time sentAt;      //!< first send command issued
        uint64_t endByte; //!< m_rxBytes at which its echo is complete
    };

    std::deque<Outstanding> m_outstanding; //!< messages waiting for their echo
    EventId m_messageEvent;                //!< next message
    EventId m_pollEvent;                   //!< next receive poll
    EventId m_retryEvent;                  //!< next attempt

    // Traces.
    TracedCallback<State, State> m_stateTrace;               //!< StateTransition
    TracedCallback<const std::string&> m_commandTrace;       //!< Command
    TracedCallback<const std::string&> m_timeoutTrace;       //!< CommandTimeout
    TracedCallback<Time> m_bringUpTrace;                     //!< BringUpCompleted
    TracedCallback<const std::string&> m_bringUpFailedTrace; //!< BringUpFailed
    TracedCallback<uint32_t> m_openStartedTrace;             //!< OpenStarted
    TracedCallback<uint32_t, Time> m_connectedTrace;         //!< Connected
    TracedCallback<uint32_t, HostFirmwareRecord::Outcome, int32_t>
        m_openFailedTrace;                                       //!< OpenFailed
    TracedCallback<uint32_t> m_peerClosedTrace;                  //!< PeerClosed
    TracedCallback<uint32_t, Time> m_retryTrace;                 //!< RetryScheduled
    TracedCallback<uint32_t, uint32_t> m_messageSentTrace;       //!< MessageSent
    TracedCallback<uint32_t, Time> m_messageEchoedTrace;         //!< MessageEchoed
    TracedCallback<const HostFirmwareRecord&> m_connectionTrace; //!< Connection
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_HOST_FIRMWARE_H
