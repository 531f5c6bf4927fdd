/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_QUECTEL_DATA_PATH_H
#define LPWA_QUECTEL_DATA_PATH_H

#include "module-socket.h"

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief The data path shared by the Quectel socket command sets (`AT+QIOPEN` family in
 *        QuectelSocketCommands, `AT+QSSLOPEN` family in QuectelSslSocketCommands): the
 *        formatting of received data (URCs in buffer and direct push mode, read responses),
 *        the send input (`>` prompt or fixed length, `SEND OK` / `SEND FAIL`), the
 *        transparent mode (`CONNECT`, `+++`, `ATO`, `NO CARRIER`), the peer-close handling
 *        and the state line fields.
 *
 * The command sets differ only in their prefixes (`+QIURC` / `+QSSLURC`, `+QIRD` /
 * `+QSSLRECV`). One object serves a module: QuectelSocketCommands creates it and the SSL set
 * uses the same one (GetDataPath()), so `ATO` resumes whichever socket, TCP or SSL, was in
 * transparent mode last. Install() takes the AtEngine's online (`ATO`) handler.
 */
class QuectelDataPath : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    QuectelDataPath();
    ~QuectelDataPath() override;

    /**
     * \brief Serve a module: keep it and set the AtEngine's online handler (`ATO`).
     * \param module the module
     */
    void Install(Ptr<LpwaModule> module);

    /**
     * \brief Give a socket about to open the module's AT+QICFG settings: TCP retransmissions
     *        ("tcp/retranscfg" <max_backoffs> and <max_rto>) and, when set, "transpktsize"
     *        and "transwaittm".
     * \param module the module
     * \param socket the socket
     */
    static void ApplyTcpIpConfig(Ptr<LpwaModule> module, Ptr<ModuleSocket> socket);

    /**
     * \brief Data was added to a socket's receive buffer: output it as the access mode says
     *        (transparent: online data; direct push: `<urc>: "recv",<id>,<len>` CR LF data, in
     *        chunks of at most ModuleProfile::GetMaxReadLength(); buffer: `<urc>: "recv",<id>`
     *        when the buffer was empty).
     * \param s the socket
     * \param urc the URC name, e.g. `+QIURC`
     * \param wasEmpty whether the buffer was empty before
     */
    void OnReceive(Ptr<ModuleSocket> s, const std::string& urc, bool wasEmpty);

    /**
     * \brief Take the data of a send command: the `>` prompt and CTRL+Z (length < 0) or a fixed
     *        length, then `SEND OK` (ModuleSocket::Send() took it), `SEND FAIL` (it did not,
     *        error 558), `OK` on ESC (error 571).
     * \param s the socket, connected
     * \param length the fixed length, or -1 for the prompt form
     */
    void BeginSend(Ptr<ModuleSocket> s, int64_t length);

    /**
     * \brief Answer a read command: `<prefix>: <total>,<read>,<unread>` for length 0, else
     *        `<prefix>: <n>` CR LF data; then `OK`.
     * \param s the socket
     * \param prefix the response name, e.g. `+QIRD`
     * \param length the most bytes to read, 0 for the counters
     */
    void Read(Ptr<ModuleSocket> s, const std::string& prefix, uint32_t length);

    /**
     * \brief Enter transparent mode on a connected socket (`CONNECT`, pending data out).
     * \param s the socket
     */
    void EnterTransparent(Ptr<ModuleSocket> s);

    /**
     * \brief Tell whether a socket is in transparent mode now.
     * \param s the socket
     * \return true if it is the online socket
     */
    bool IsOnline(Ptr<ModuleSocket> s) const;

    /**
     * \brief The connection of a socket is gone (peer close or PDP loss with `abort`): mark it
     *        CLOSING; in transparent mode end it with `NO CARRIER`, else send
     *        `<urc>: "closed",<id>`.
     * \param s the socket
     * \param urc the URC name, e.g. `+QIURC`
     * \param abortConnection close the ns-3 socket too (PDP loss)
     */
    void ConnectionLost(Ptr<ModuleSocket> s, const std::string& urc, bool abortConnection);

    /**
     * \brief The host closed a socket: `ATO` no longer resumes it.
     * \param s the socket
     */
    void Forget(Ptr<ModuleSocket> s);

    /**
     * \brief The fields of a state line (`AT+QISTATE`, `AT+QSSLSTATE`):
     *        `<id>,"<service>","<ip>",<rport>,<lport>,<state>,<pdp>,<id>,<mode>,"uart1"`.
     * \param s the socket
     * \param service the service type text, e.g. `TCP`, `SSLClient`
     * \param state the `<socket_state>` to show
     * \return the text
     */
    static std::string StateFields(Ptr<ModuleSocket> s, const std::string& service, int state);

  protected:
    void DoDispose() override;

  private:
    /// `ATO`: resume the last transparent socket if still connected.
    bool ResumeOnline();

    Ptr<LpwaModule> m_module;       //!< the module
    Ptr<ModuleSocket> m_online;     //!< socket in transparent mode now
    Ptr<ModuleSocket> m_lastOnline; //!< socket `ATO` resumes
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_QUECTEL_DATA_PATH_H
