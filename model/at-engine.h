/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_ENGINE_H
#define LPWA_AT_ENGINE_H

#include "at-command.h"
#include "state-transition-table.h"
#include "uart-channel.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The module side of the AT interface: V.25ter / 3GPP TS 27.007 command processing.
 *
 * The engine reads bytes from the module side of a UartChannel, echoes them (ATE1), assembles
 * command lines (S3 terminates, S5 erases), parses them (AtCommandParser) and runs each command
 * after its processing time. A vendor dialect registers the extended commands with
 * RegisterCommand(); the engine itself implements the V.25ter basic commands (`E V Q I Z &F O &D
 * &C &W S<n>`), `+CMEE`, `+IPR` and the identification commands.
 *
 * A command handler answers through SendInfo(), SendInfoRaw() and exactly one Finish*() call,
 * possibly later in simulated time. URCs (SendUrc()) are held while a command is running or
 * data is being entered, so they are never interleaved inside a response.
 *
 * Data input modes shared by all dialects:
 * - BeginPromptInput(): `>` prompt, variable length, ended by CTRL+Z (send) or ESC (cancel);
 * - BeginFixedInput(): `>` prompt, exactly N bytes;
 * - BeginUpload(): `CONNECT`, exactly N bytes or a timeout (file upload);
 * - BeginTransparent(): `CONNECT`, then every byte goes to the connection until `+++` (guard
 *   time of silence before and after, typed within the guard time) or a DTR low-to-high edge
 *   with `AT&D1`; `ATO` returns to it; a peer close ends it with `NO CARRIER`.
 */
class AtEngine : public Object
{
  public:
    /// The engine's data-mode state.
    enum State
    {
        COMMAND,      //!< idle, reading a command line
        EXECUTING,    //!< a command line is being processed
        PROMPT_INPUT, //!< reading variable-length data after `>`
        FIXED_INPUT,  //!< reading fixed-length data after `>`
        UPLOAD,       //!< reading file data after `CONNECT`
        TRANSPARENT,  //!< transparent (online data) mode
        STATE_COUNT   //!< number of states
    };

    /// How a data input ended.
    enum InputEnd
    {
        INPUT_SEND,     //!< CTRL+Z, or the announced length was reached
        INPUT_CANCEL,   //!< ESC
        INPUT_OVERFLOW, //!< CTRL+Z after more bytes than the maximum
        INPUT_TIMEOUT   //!< the host went silent for longer than allowed
    };

    /// A command handler. It must end the command with exactly one Finish*() call.
    using CommandHandler = std::function<void(const AtCommand&)>;
    /// Called when a data input ends.
    using InputCallback = std::function<void(InputEnd, const std::string&)>;

    /// Hooks of a transparent-mode connection.
    struct TransparentHooks
    {
        std::function<void(const std::string&)> toNetwork; //!< bytes typed by the host
        std::function<void()> onEscape;                    //!< `+++` or DTR left the mode
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    AtEngine();
    ~AtEngine() override;

    /**
     * \brief Connect the engine to the module side of a UART.
     * \param uart the channel
     */
    void Attach(Ptr<UartChannel> uart);

    /// \brief \return the UART the engine is attached to (may be null)
    Ptr<UartChannel> GetUart() const;

    /**
     * \brief Register an extended command.
     * \param name upper-case name with its prefix, e.g. `+QIACT`
     * \param handler the handler, run after the processing time
     * \param processingTime time from the end of the command line to the handler; negative
     *        means the `ProcessingTime` attribute
     */
    void RegisterCommand(const std::string& name,
                         CommandHandler handler,
                         Time processingTime = Time(-1));

    /**
     * \brief Whether a command is registered.
     * \param name upper-case name with its prefix
     * \return true if registered
     */
    bool IsRegistered(const std::string& name) const;

    /**
     * \brief Send one information line of the running command's response.
     * \param line the text, without framing
     */
    void SendInfo(const std::string& line);

    /**
     * \brief Send raw bytes inside the running command's response (e.g. data read by
     *        `AT+QIRD`); the caller adds any framing.
     * \param bytes the bytes
     */
    void SendInfoRaw(const std::string& bytes);

    /**
     * \brief Get the response line end: S3 then S4 (CR LF unless ATS3/ATS4 changed them).
     * \return the two characters that frame verbose result codes and end information text
     */
    std::string GetLineEnd() const;

    /// \brief End the running command with `OK` (the next command of the line runs).
    void FinishOk();
    /// \brief End the running command line with `ERROR`.
    void FinishError();
    /**
     * \brief End the running command line with a CME error (`+CME ERROR: <n>` with `AT+CMEE=1`,
     *        its text with `AT+CMEE=2`, `ERROR` with `AT+CMEE=0`).
     * \param code the error code
     */
    void FinishCmeError(uint32_t code);
    /**
     * \brief End the running command line with another final result code.
     * \param text the result code, e.g. `SEND OK`, `SEND FAIL`, `NO CARRIER`
     */
    void FinishResult(const std::string& text);

    /**
     * \brief Send an unsolicited result code; held while a command runs or data is entered.
     * \param text the URC, without framing
     */
    void SendUrc(const std::string& text);

    /**
     * \brief Send a URC followed by raw data and CR LF (direct push: `+QIURC: "recv",0,4` CR LF
     *        data CR LF).
     * \param text the URC line
     * \param data the bytes after it
     */
    void SendUrcWithData(const std::string& text, const std::string& data);

    /**
     * \brief Prompt with `>` and read data until CTRL+Z or ESC (within a running command).
     * \param maxLength the largest accepted length
     * \param done called when the input ends
     */
    void BeginPromptInput(uint32_t maxLength, InputCallback done);

    /**
     * \brief Prompt with `>` and read exactly `length` bytes (within a running command).
     * \param length the number of bytes
     * \param done called when the input ends
     */
    void BeginFixedInput(uint32_t length, InputCallback done);

    /**
     * \brief Answer `CONNECT` and read exactly `length` bytes or until `timeout` passes
     *        without the data being complete (within a running command).
     * \param length the number of bytes
     * \param timeout the time allowed for the whole upload
     * \param done called when the input ends
     */
    void BeginUpload(uint32_t length, Time timeout, InputCallback done);

    /**
     * \brief End the running command with `CONNECT` and enter transparent mode.
     * \param hooks where typed bytes go and what to do on escape
     */
    void BeginTransparent(TransparentHooks hooks);

    /**
     * \brief Send bytes received from the connection to the host in transparent mode.
     * \param bytes the bytes
     */
    void TransparentOutput(const std::string& bytes);

    /// \brief The peer closed the transparent connection: `NO CARRIER`, back to command mode.
    void EndTransparentNoCarrier();

    /**
     * \brief Set what `ATO` does: return true (and call BeginTransparent()) to resume a
     *        connection, false to answer `NO CARRIER`.
     * \param resume the callback, run as the `ATO` command's handler
     */
    void SetOnlineHandler(std::function<bool()> resume);

    /**
     * \brief Power the engine off: the running command line, pending input, held URCs and
     *        data modes are dropped, the V.25ter settings return to their defaults (ATZ), and
     *        until PowerOn() received bytes are ignored and URCs are not sent. Bytes already
     *        handed to the UART (the `OK` of the command that reset the module) still go out.
     */
    void PowerOff();
    /// \brief Power the engine on again (after PowerOff()).
    void PowerOn();
    /// \brief \return false between PowerOff() and PowerOn()
    bool IsPowered() const;

    /// \brief \return the current state
    State GetState() const;
    /// \brief \return true while a command line is running or data is being entered
    bool IsBusy() const;
    /// \brief \return the `AT+CMEE` mode (0, 1 or 2)
    uint8_t GetCmeeMode() const;
    /// \brief \return the `AT&D` mode (0, 1 or 2)
    uint8_t GetDtrMode() const;
    /// \brief \return true while echo (ATE1) is on
    bool IsEchoEnabled() const;

    /**
     * \brief The name of a state, for traces and graphs.
     * \param state the state
     * \return its name
     */
    static std::string GetStateName(State state);

    /// \brief \return the data-mode transition table (also a Boost.Graph graph)
    static const StateTransitionTable<State>& GetTransitionTable();

    /**
     * \brief The verbose text of a CME error code (`AT+CMEE=2`).
     * \param code the code
     * \return its text, or `Unknown error` for codes without one
     */
    static std::string GetCmeErrorText(uint32_t code);

    /// TracedCallback signature for state transitions.
    typedef void (*StateTransitionTracedCallback)(State from, State to);
    /// TracedCallback signature for command lines and commands.
    typedef void (*CommandTracedCallback)(const std::string& text);

  protected:
    void DoDispose() override;

  private:
    /// One registered command.
    struct Registration
    {
        CommandHandler handler; //!< the handler
        Time processingTime;    //!< negative: use the attribute
    };

    void SwitchToState(State next);
    void ReceiveByte(uint8_t byte);
    void ReceiveCommandByte(uint8_t byte);
    void ReceiveTransparentByte(uint8_t byte);
    void DtrChanged(bool high);
    void ExecuteLine(const std::string& line);
    void RunNextCommand();
    void RunCommand(const AtCommand& command);
    bool RunBasicCommand(const AtCommand& command);
    void RunBuiltinExtended(const AtCommand& command);
    void EndLine(const std::string& result, bool isError);
    void SendFinal(const std::string& text);
    void Emit(const std::string& bytes);
    void FlushUrcs();
    void ProcessPendingInput();
    /// Keep `done`, clear the input and switch to `state`, taking up to `limit` bytes.
    void EnterInput(State state, uint32_t limit, InputCallback done);
    void DataInputTimeout();
    void RestartInputTimer();
    void FinishInput(InputEnd end);
    void FlushHeldPluses();
    void EscapeCheck();
    void LeaveTransparent();
    void ResetSettings();
    std::string FrameInfo(const std::string& line) const;

    Ptr<UartChannel> m_uart;                        //!< the UART
    std::map<std::string, Registration> m_commands; //!< registered extended commands
    std::function<bool()> m_onlineHandler;          //!< `ATO`
    State m_state{COMMAND};                         //!< current state
    std::string m_line;                             //!< the command line being typed
    std::string m_lastLine;                         //!< previous command line (for `A/`)
    bool m_lineOverflow{false};                     //!< the line exceeded MaxLineLength
    /// The previous byte ended a command line (S3): an LF now is the rest of CR LF, never data.
    bool m_afterS3{false};
    Time m_s3Arrival;                                       //!< when that S3 arrived
    bool m_sawA{false};                                     //!< last byte was `A`/`a` at line start
    std::deque<uint8_t> m_pending;                          //!< bytes received while busy
    bool m_processingPending{false};                        //!< re-entrancy guard
    std::vector<AtCommand> m_queue;                         //!< commands of the running line
    size_t m_next{0};                                       //!< next command of m_queue to run
    bool m_commandActive{false};                            //!< a handler owes a Finish*() call
    bool m_infoStarted{false};                              //!< an information line was sent
    std::deque<std::pair<std::string, std::string>> m_urcs; //!< held URCs (text, framed)
    EventId m_commandEvent;                                 //!< pending handler run
    InputCallback m_inputDone;                              //!< data input completion
    std::string m_input;                                    //!< data being entered
    uint32_t m_inputLimit{0};                               //!< max or exact input length
    bool m_inputOverflow{false};                            //!< more than the max was typed
    EventId m_inputTimer;                                   //!< data input timeout
    Time m_inputDeadline;                                   //!< when the input times out
    TransparentHooks m_transparent;                         //!< transparent-mode hooks
    Time m_lastTransparentByte;                             //!< for the `+++` guard time
    uint32_t m_heldPluses{0};                               //!< `+` held as a possible escape
    Time m_firstPlus;                                       //!< arrival of the first held `+`
    EventId m_escapeEvent;                                  //!< escape / plus-flush timer
    bool m_dtrHigh{false};                                  //!< last DTR level seen
    bool m_powered{true};                                   //!< false between PowerOff/PowerOn

    // Settings (V.25ter) and attributes.
    bool m_echo{true};          //!< ATE
    bool m_verbose{true};       //!< ATV
    bool m_quiet{false};        //!< ATQ
    uint8_t m_cmee{1};          //!< AT+CMEE
    uint8_t m_dtrMode{1};       //!< AT&D
    uint8_t m_dcdMode{1};       //!< AT&C
    uint8_t m_s[13]{};          //!< S-registers 0-12
    uint8_t m_defaultCmee{1};   //!< CmeeDefault attribute
    uint32_t m_maxLine{1024};   //!< MaxLineLength attribute
    Time m_processingTime;      //!< ProcessingTime attribute
    Time m_inputTimeout;        //!< DataInputTimeout attribute
    Time m_guardTime;           //!< EscapeGuardTime attribute
    std::string m_manufacturer; //!< Manufacturer attribute
    std::string m_model;        //!< Model attribute
    std::string m_revision;     //!< Revision attribute

    TracedCallback<State, State> m_stateTrace;          //!< StateTransition
    TracedCallback<const std::string&> m_commandTrace;  //!< CommandLine
    TracedCallback<const std::string&> m_responseTrace; //!< Response (final result codes)
    TracedCallback<const std::string&> m_urcTrace;      //!< Urc
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_ENGINE_H
