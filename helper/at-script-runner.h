/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_SCRIPT_RUNNER_H
#define LPWA_AT_SCRIPT_RUNNER_H

#include "at-script.h"
#include "at-transcript.h"

#include "ns3/at-line-reader.h"
#include "ns3/event-id.h"
#include "ns3/object.h"
#include "ns3/uart-channel.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The host end of a UART that plays an AtScript and records an AtTranscript.
 *
 * Steps run one after another. A send step ends when its last byte has reached the module; a
 * command line then waits for its final result code (`OK`, `ERROR`, `+CME ERROR: ...`,
 * `SEND OK`, `SEND FAIL`, `NO CARRIER`, `CONNECT`) or a `>` prompt, up to the `CommandTimeout`
 * attribute. After `CONNECT` the host is online: command lines are sent as data until `OK` or
 * `NO CARRIER` arrives. `@wait` looks at the lines received since the last line a step consumed.
 */
class AtScriptRunner : public Object
{
  public:
    /// Called when the script ends: success, and a message on failure.
    using FinishedCallback = std::function<void(bool, const std::string&)>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    AtScriptRunner();
    ~AtScriptRunner() override;

    /**
     * \brief Connect to the host side of a UART.
     * \param uart the channel
     */
    void SetUart(Ptr<UartChannel> uart);

    /**
     * \brief Set the script to play.
     * \param script the parsed script
     */
    void SetScript(const AtScript& script);

    /**
     * \brief Set what to call when the script ends.
     * \param done the callback
     */
    void SetFinishedCallback(FinishedCallback done);

    /**
     * \brief Start playing at a simulated time.
     * \param at when the first step runs
     */
    void Start(Time at);

    /// \brief \return the transcript so far (call FlushTranscript() first for partial lines)
    const AtTranscript& GetTranscript() const;

    /// \brief Close partial lines of the transcript.
    void FlushTranscript();

    /// \brief \return true once every step has run
    bool IsFinished() const;

  protected:
    void DoDispose() override;

  private:
    void NextStep();
    void Send(const std::string& bytes, bool waitForFinal);
    void ByteDelivered(uint8_t byte);
    void ByteReceived(uint8_t byte);
    void LineReceived(const std::string& line);
    void PromptReceived();
    void CheckWait();
    void Fail(const std::string& message);
    void Finish();
    static bool IsFinalResult(const std::string& line);

    /// What the runner waits for.
    enum Waiting
    {
        NOTHING,  //!< running steps
        DELIVERY, //!< the step's bytes to reach the module
        FINAL,    //!< a final result code or prompt
        TEXT,     //!< a line containing m_waitText
        SLEEPING, //!< @sleep
        DONE      //!< finished or failed
    };

    Ptr<UartChannel> m_uart;              //!< the UART
    AtScript m_script;                    //!< the script
    size_t m_index{0};                    //!< next step
    FinishedCallback m_finished;          //!< end-of-script callback
    AtTranscript m_transcript;            //!< what crossed the UART
    Waiting m_waiting{NOTHING};           //!< what the runner waits for
    bool m_waitFinalAfterDelivery{false}; //!< a command line was sent
    uint64_t m_sentTarget{0};             //!< bytes delivered when the step's bytes are in
    uint64_t m_delivered{0};              //!< host bytes delivered so far
    uint64_t m_dataFrom{UINT64_MAX};      //!< delivered count where the @data bytes start
    bool m_online{false};                 //!< after CONNECT
    AtLineReader m_lines;                 //!< received lines and prompts
    std::vector<std::string> m_rxLines;   //!< complete received lines
    size_t m_cursor{0};                   //!< first line not yet consumed
    std::string m_waitText;               //!< text @wait looks for
    size_t m_currentLine{0};              //!< script line of the running step
    EventId m_timeout;                    //!< wait timeout
    EventId m_next;                       //!< next step
    Time m_commandTimeout;                //!< CommandTimeout attribute
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_SCRIPT_RUNNER_H
