#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Drive build/examples/lpwa-modem-pty from a separate process, as a user's program would.

usage: pty-session-test.py <path to lpwa-modem-pty> <scenario>

Scenarios (each a CTest test `pty.<scenario>`):
  tinygsm-ssl   TinyGSM's BG96 bring-up and SSL exchange against --server=tls (BG95-M3)
  tinygsm-bg96  TinyGSM's BG96 driver byte for byte over LTE-M: restart() with its boot URCs,
                init(), identity, waitForNetwork(), signal, operator, time, gprsConnect(),
                a 1 kB TLS echo through 63-byte reads, stop(), gprsDisconnect(), poweroff()
  zephyr-bg9x   Zephyr's quectel-bg9x driver byte for byte over LTE-M from power-on (--boot=1):
                RDY, setup commands, AT+CSQ polling, AT+QIACT, a 1 kB echo with
                AT+QISEND + CTRL+Z and AT+QIRD, AT+QICLOSE
  zephyr-cellular-bg95  Zephyr's modem_cellular quectel_bg95 init chat byte for byte, up to
                AT+CMUX (not modelled: ERROR)
  onemo-ssl     esp-ml307's AT+MIPOPEN SSL sequence against --server=tls (ML307R)
  typing        picocom-like: --link symlink, one key at a time, sees the echo and OK
  reconnect     the program closes and reopens the PTY; output meanwhile is not replayed
  wrong-baud    the program sets 9600 8N2 and writes garbage: still bytes, module still answers
  never-reads   the program stops reading: output buffered to --output-buffer, then dropped
                with a counted warning; reading again, the module still answers
  dtr           B0 (POSIX hang-up) drops DTR: with AT&D1 the module leaves transparent mode
  outage        --outage-at/--outage-for: no echo while the link is down, TCP recovers after

Only the standard library (os, termios, tty, select): no pyserial.
"""

import os
import random
import select
import signal
import subprocess
import sys
import termios
import threading
import time
import tty


class Failure(Exception):
    pass


class Simulation:
    """lpwa-modem-pty running in the background; its stdout and stderr collected."""

    running = []

    def __init__(self, binary, args):
        self.proc = subprocess.Popen([binary] + args, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.out = []
        self.err = []
        first = self.proc.stdout.readline().decode()
        if not first.startswith('pty: '):
            self.proc.kill()
            raise Failure('expected "pty: <path>", got %r; stderr: %s'
                          % (first, self.proc.stderr.read().decode()))
        Simulation.running.append(self.proc)
        self.path = first.split()[1]
        self.threads = [threading.Thread(target=self._drain, args=(self.proc.stdout, self.out)),
                        threading.Thread(target=self._drain, args=(self.proc.stderr, self.err))]
        for t in self.threads:
            t.start()

    @staticmethod
    def _drain(stream, lines):
        for line in stream:
            lines.append(line.decode(errors='replace').rstrip('\n'))

    def stop(self):
        """SIGINT, then wait; return (exit code, stdout lines, stderr lines)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Failure('lpwa-modem-pty did not stop on SIGINT')
        for t in self.threads:
            t.join()
        return code, self.out, self.err


class Port:
    """The PTY slave, opened like a serial port (raw, 8N1)."""

    def __init__(self, path, speed=termios.B115200):
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)
        self.set_speed(speed)
        self.buffer = b''

    def set_speed(self, speed):
        attrs = termios.tcgetattr(self.fd)
        attrs[4] = attrs[5] = speed
        termios.tcsetattr(self.fd, termios.TCSANOW, attrs)

    def write(self, data):
        os.write(self.fd, data)

    def read_for(self, seconds):
        """Everything that arrives within seconds."""
        end = time.monotonic() + seconds
        data = b''
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return data
            if select.select([self.fd], [], [], left)[0]:
                data += os.read(self.fd, 4096)

    def expect(self, token, timeout=5.0):
        """Read until token; return what came up to and including it (the rest is kept)."""
        end = time.monotonic() + timeout
        while token not in self.buffer:
            left = end - time.monotonic()
            if left <= 0:
                raise Failure('waited %.1f s for %r; got %r' % (timeout, token, self.buffer))
            if select.select([self.fd], [], [], left)[0]:
                self.buffer += os.read(self.fd, 4096)
        i = self.buffer.index(token) + len(token)
        got, self.buffer = self.buffer[:i], self.buffer[i:]
        return got

    def command(self, text, final=b'OK\r\n', timeout=5.0):
        """Send a command line ending in CR LF, as the drivers do; wait for its final result."""
        self.write(text.encode() + b'\r\n')
        got = self.expect(final, timeout)
        if b'ERROR' in got:
            raise Failure('%s -> %r' % (text, got))
        return got

    def close(self):
        os.close(self.fd)


def wait_registered(port, query):
    """Poll the registration status like TinyGSM's waitForNetwork (stat 1 or 5)."""
    end = time.monotonic() + 10
    while time.monotonic() < end:
        got = port.command(query)
        if b',1\r\n' in got or b',5\r\n' in got:
            return
        time.sleep(0.25)
    raise Failure('not registered after 10 s')


def tinygsm_ssl(binary):
    sim = Simulation(binary, ['--server=tls', '--duration=60'])
    port = Port(sim.path)
    start = time.monotonic()
    port.command('AT')
    port.command('ATE0')
    port.command('AT+CMEE=2')
    wait_registered(port, 'AT+CEREG?')
    port.command('AT+QICSGP=1,1,"apn","u","p"')
    port.command('AT+QIACT=1', timeout=150)
    port.command('AT+CGATT=1', timeout=60)
    port.command('AT+QSSLCFG="sslversion",0,3')
    port.command('AT+QSSLCFG="ciphersuite",0,0X0035')
    port.command('AT+QSSLCFG="seclevel",0,1')
    port.command('AT+QSSLOPEN=1,1,0,"tls.example",443,0')
    opened = time.monotonic()
    port.expect(b'+QSSLOPEN: 0,0', timeout=150)
    handshake = time.monotonic() - opened
    port.write(b'AT+QSSLSEND=0,5\r\n')
    port.expect(b'> ', timeout=1)
    port.write(b'hello')
    port.expect(b'SEND OK', timeout=1)
    end = time.monotonic() + 5
    while True:  # TinyGSM polls for unread data
        got = port.command('AT+QSSLRECV=0,0')
        if b'+QSSLRECV: 5,0,5' in got:
            break
        if time.monotonic() > end:
            raise Failure('no data to read: %r' % got)
        time.sleep(0.1)
    port.command('AT+QSSLSTATE=1,0')
    got = port.command('AT+QSSLRECV=0,1500')
    if b'+QSSLRECV: 5\r\nhello' not in got:
        raise Failure('echo not received: %r' % got)
    port.command('AT+QSSLCLOSE=0', timeout=15)
    total = time.monotonic() - start
    port.close()
    code, out, err = sim.stop()
    check_exit(code, err)
    if not any(line.endswith('< hello') for line in out):
        raise Failure('transcript lacks the echoed data')
    print('tinygsm-ssl: session %.2f s wall clock (TLS open %.2f s); %s'
          % (total, handshake, summary(err)))


class TinyGsmBg96:
    """TinyGSM v0.12's TinyGsmClientBG96, byte for byte: every command is "AT" + text + CR LF
    (sendAT), answers are awaited with its timeouts (waitResponse), reads go through its
    64-byte FIFO (63 free bytes per AT+QSSLRECV)."""

    def __init__(self, port):
        self.port = port

    def send_at(self, text=''):
        self.port.write(b'AT' + text.encode() + b'\r\n')

    def wait(self, timeout=1.0, token=b'OK\r\n'):
        """waitResponse: OK (or the token) or ERROR, whichever comes first."""
        end = time.monotonic() + timeout
        while True:
            buf = self.port.buffer
            hit = buf.find(token)
            err = buf.find(b'ERROR\r\n')
            if hit >= 0 and (err < 0 or hit < err):
                return self.port.expect(token, 0)
            if err >= 0:
                self.port.expect(b'ERROR\r\n', 0)
                return None
            left = end - time.monotonic()
            if left <= 0:
                return None
            if select.select([self.port.fd], [], [], left)[0]:
                self.port.buffer += os.read(self.port.fd, 4096)

    def at(self, text, timeout=1.0, token=b'OK\r\n'):
        self.send_at(text)
        got = self.wait(timeout, token)
        if got is None:
            raise Failure('AT%s -> %r' % (text, self.port.buffer))
        if token != b'OK\r\n':
            got += self.wait(timeout) or b''
        return got

    def test_at(self, timeout=10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.send_at()
            if self.wait(0.2) is not None:
                return
            time.sleep(0.1)
        raise Failure('testAT: no OK in %.0f s' % timeout)

    def init(self):
        self.test_at()
        self.at('E0')
        self.at('+CMEE=2')
        self.at('+CGMI')
        self.at('+CGMM')
        self.at('+CTZR=0', 10)
        self.at('+CTZU=1', 10)
        got = self.at('+CPIN?')
        if b'+CPIN: READY' not in got:
            raise Failure('getSimStatus: %r' % got)

    def restart(self):
        self.test_at()
        self.at('+CFUN=1,1', 15.5)
        if self.wait(10, b'APP RDY') is None:
            raise Failure('restart: no APP RDY in 10 s: %r' % self.port.buffer)
        self.init()

    def registration(self):
        for reg in ('+CEREG', '+CREG'):
            got = self.at(reg + '?')
            stat = int(got.split(b',')[1].split(b'\r')[0])
            if stat in (1, 5):
                return stat
        return stat

    def wait_for_network(self, timeout=60.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.registration() in (1, 5):
                return
            time.sleep(0.25)
        raise Failure('waitForNetwork: not registered after %.0f s' % timeout)

    def available(self):
        got = self.at('+QSSLRECV=0,0')
        fields = got.split(b'+QSSLRECV: ')[1].split(b'\r')[0].split(b',')
        return int(fields[2])

    def read(self, size):
        self.send_at('+QSSLRECV=0,%d' % size)
        self.port.expect(b'+QSSLRECV: ', 1)
        head = self.port.expect(b'\r\n', 1)
        length = int(head[:-2])
        while len(self.port.buffer) < length:
            self.port.buffer += self.port.read_for(0.05)
        data, self.port.buffer = self.port.buffer[:length], self.port.buffer[length:]
        if self.wait() is None:
            raise Failure('AT+QSSLRECV=0,%d: no OK' % size)
        return data


def tinygsm_bg96(binary):
    """TinyGSM's BG96 driver unmodified over LTE-M: restart(), identity, network, signal,
    operator, time, gprsConnect(), an SSL client with a 1 kB echo, stop(), gprsDisconnect(),
    poweroff()."""
    sim = Simulation(binary, ['--server=tls', '--rat=ltem', '--duration=80'])
    port = Port(sim.path)
    m = TinyGsmBg96(port)
    start = time.monotonic()
    m.restart()
    imei = m.at('+GSN').split(b'\r\n')[1]
    if len(imei) != 15 or not imei.isdigit():
        raise Failure('getIMEI: %r' % imei)
    iccid = m.at('+QCCID', token=b'\r\n+QCCID:')
    if b'+QCCID: 89' not in iccid:
        raise Failure('getSimCCID: %r' % iccid)
    m.at('+CIMI')
    m.wait_for_network()
    registered = time.monotonic() - start
    csq = int(m.at('+CSQ', token=b'+CSQ:').split(b'+CSQ: ')[1].split(b',')[0])
    if not 0 < csq < 32:
        raise Failure('getSignalQuality: %d' % csq)
    operator = m.at('+COPS?', token=b'+COPS:')
    if b'"Test Network"' not in operator:
        raise Failure('getOperator: %r' % operator)
    # gprsConnect("apn", "", ""): gprsDisconnect() first.
    m.at('+QIDEACT=1', 40)
    m.at('+QICSGP=1,1,"apn","",""')
    m.at('+QIACT=1', 150)
    m.at('+CGATT=1', 60)
    ip = m.at('+CGPADDR=1', token=b'+CGPADDR:')
    if b'"100.64.0.2"' not in ip:
        raise Failure('getLocalIP: %r' % ip)
    when = m.at('+QLTS=2', 2, token=b'+QLTS: "')
    if b'2026/06/01,' not in when:
        raise Failure('getNetworkTime: %r' % when)
    # TinyGsmClientSecure.connect("tls.example", 443).
    m.at('+QSSLCFG="sslversion",0,3', 5)
    m.at('+QSSLCFG="ciphersuite",0,0X0035', 5)
    m.at('+QSSLCFG="seclevel",0,1', 5)
    m.send_at('+QSSLOPEN=1,1,0,"tls.example",443,0')
    m.wait()
    opened = time.monotonic()
    if m.wait(150, b'\r\n+QSSLOPEN:') is None or not port.expect(b'\r\n', 1).startswith(b' 0,0'):
        raise Failure('+QSSLOPEN: %r' % port.buffer)
    handshake = time.monotonic() - opened
    payload = bytes(random.Random(7).randrange(256) for _ in range(1024))
    m.send_at('+QSSLSEND=0,1024')
    if m.wait(1, b'>') is None:
        raise Failure('no prompt: %r' % port.buffer)
    port.write(payload)
    if m.wait(5, b'\r\nSEND OK') is None:
        raise Failure('no SEND OK: %r' % port.buffer)
    received = b''
    end = time.monotonic() + 15
    while len(received) < len(payload):  # the client's read(): maintain(), then 63-byte reads
        if time.monotonic() > end:
            raise Failure('echo: %d of %d bytes' % (len(received), len(payload)))
        avail = m.available()
        if avail == 0:
            m.at('+QSSLSTATE=1,0')
            time.sleep(0.1)
            continue
        while avail > 0:
            chunk = m.read(min(63, avail))
            received += chunk
            avail = m.available()
    if received != payload:
        raise Failure('echo differs from what was sent')
    m.at('+QSSLCLOSE=0', 15)
    m.at('+QIDEACT=1', 40)
    m.at('+QPOWD=1', 0.3)
    if m.wait(0.3, b'POWERED DOWN') is None:
        raise Failure('poweroff: %r' % port.buffer)
    total = time.monotonic() - start
    port.close()
    code, out, err = sim.stop()
    check_exit(code, err)
    print('tinygsm-bg96: session %.2f s wall clock (registered %.2f s, TLS open %.2f s, '
          'CSQ %d, 1024-byte echo byte-exact); %s' % (total, registered, handshake, csq,
                                                     summary(err)))


class ZephyrBg9x:
    """Zephyr's drivers/modem/quectel-bg9x.c, byte for byte: modem_cmd_send() writes the
    command and a CR alone; replies end in CR LF; MDM_CMD_TIMEOUT 10 s."""

    def __init__(self, port):
        self.port = port

    def cmd(self, text, timeout=10.0):
        self.port.write(text.encode() + b'\r')
        got = self.port.expect(b'OK\r\n', timeout)
        if b'ERROR' in got:
            raise Failure('%s -> %r' % (text, got))
        return got


def zephyr_bg9x(binary):
    """Zephyr's quectel-bg9x driver over LTE-M from power-on: waits for RDY (the module boots
    with --boot=1), its setup commands (ATE0, ATH, AT+CMEE=1, identity, AT+QICSGP with the
    space the driver puts before the password), AT+CSQ every 2 s until the RSSI is valid,
    AT+QIACT=1, a socket with a 1024-byte echo sent with AT+QISEND and CTRL+Z after the data,
    read back with AT+QIRD after +QIURC "recv", AT+QICLOSE."""
    sim = Simulation(binary, ['--rat=ltem', '--boot=1', '--duration=60'])
    port = Port(sim.path)
    m = ZephyrBg9x(port)
    start = time.monotonic()
    port.expect(b'RDY\r\n', 50)  # MDM_MAX_BOOT_TIME
    rdy = time.monotonic() - start
    m.cmd('ATE0')
    m.cmd('ATH')
    m.cmd('AT+CMEE=1')
    for text in ('AT+CGMI', 'AT+CGMM', 'AT+CGMR', 'AT+CGSN', 'AT+CIMI', 'AT+QCCID'):
        m.cmd(text)
    m.cmd('AT+QICSGP=1,1,"apn","", "",1')
    for _ in range(10):  # MDM_WAIT_FOR_RSSI_COUNT
        got = m.cmd('AT+CSQ')
        rssi = int(got.split(b'+CSQ: ')[1].split(b',')[0])
        if rssi != 99:
            break
        time.sleep(2)  # MDM_WAIT_FOR_RSSI_DELAY
    else:
        raise Failure('no valid RSSI')
    registered = time.monotonic() - start
    m.cmd('AT+QIACT=1')
    port.write(b'AT+QIOPEN=1,0,"TCP","172.16.0.2",7,0,0\r')
    port.expect(b'OK\r\n', 1)
    got = port.expect(b'+QIOPEN: ', 120) + port.expect(b'\r\n', 1)
    if not got.endswith(b'0,0\r\n'):
        raise Failure('+QIOPEN: %r' % got)
    payload = bytes(random.Random(9).randrange(256) for _ in range(1024))
    port.write(b'AT+QISEND=0,1024\r')
    port.expect(b'>', 5)
    port.write(payload + b'\x1a')  # the data, then CTRL+Z
    port.expect(b'SEND OK\r\n', 10)
    port.expect(b'+QIURC: "recv",0\r\n', 10)
    received = b''
    while len(received) < len(payload):
        port.write(b'AT+QIRD=0,1024\r')
        port.expect(b'+QIRD: ', 10)
        length = int(port.expect(b'\r\n', 1)[:-2])
        while len(port.buffer) < length:
            port.buffer += port.read_for(0.05)
        received += port.buffer[:length]
        port.buffer = port.buffer[length:]
        port.expect(b'OK\r\n', 1)
        if length == 0:
            time.sleep(0.2)
    if received != payload:
        raise Failure('echo differs from what was sent')
    m.cmd('AT+QICLOSE=0')
    total = time.monotonic() - start
    port.close()
    code, out, err = sim.stop()
    check_exit(code, err)
    print('zephyr-bg9x: session %.2f s wall clock (RDY %.2f s, valid RSSI %.2f s, CSQ %d, '
          '1024-byte echo byte-exact); %s' % (total, rdy, registered, rssi, summary(err)))


def zephyr_cellular_bg95(binary):
    """Zephyr's modem_cellular driver, quectel_bg95 init chat script, byte for byte (each
    request and the chat's CR delimiter) up to where it asks for CMUX, which the model does not
    have: AT+CMUX answers ERROR, where the real driver would switch to CMUX and PPP."""
    sim = Simulation(binary, ['--rat=ltem', '--duration=30'])
    port = Port(sim.path)
    m = ZephyrBg9x(port)  # the same framing: the request, then CR
    start = time.monotonic()
    answers = {}
    for text in ('ATE0', 'AT+CFUN=4', 'AT+CMEE=1', 'AT+CREG=1', 'AT+CGREG=1', 'AT+CEREG=1',
                 'AT+CREG?', 'AT+CEREG?', 'AT+CGREG?', 'AT+CGSN', 'AT+CGMM', 'AT+CGMI',
                 'AT+CGMR', 'AT+CIMI'):
        answers[text] = m.cmd(text, 1)
    # AT+CFUN=4: the radio is off, every registration report says "not searching".
    for reg in ('CREG', 'CEREG', 'CGREG'):
        if b'+%s: 1,0\r\n' % reg.encode() not in answers['AT+%s?' % reg]:
            raise Failure('AT+%s? -> %r' % (reg, answers['AT+%s?' % reg]))
    imei = answers['AT+CGSN'].split(b'\r\n')[1]
    if len(imei) != 15 or not imei.isdigit():
        raise Failure('AT+CGSN -> %r' % answers['AT+CGSN'])
    if b'BG95' not in answers['AT+CGMM'] or b'Quectel' not in answers['AT+CGMI']:
        raise Failure('identity: %r %r' % (answers['AT+CGMM'], answers['AT+CGMI']))
    port.write(b'AT+CMUX=0,0,5,127,10,3,30,10,2\r')
    got = port.expect(b'ERROR\r\n', 1)
    total = time.monotonic() - start
    port.close()
    code, out, err = sim.stop()
    check_exit(code, err)
    print('zephyr-cellular-bg95: init chat %.2f s wall clock, AT+CMUX -> %r; %s'
          % (total, got.strip(), summary(err)))


def onemo_ssl(binary):
    sim = Simulation(binary, ['--model=ML307R', '--server=tls', '--duration=60'])
    port = Port(sim.path)
    start = time.monotonic()
    port.command('ATE0')
    wait_registered(port, 'AT+CEREG?')
    port.command('AT+MIPCALL?')
    port.command('AT+MIPCALL=1,1')
    port.expect(b'+MIPCALL: 1,1', timeout=10)
    port.command('AT+MIPSTATE=0', timeout=10)
    port.command('AT+MSSLCFG="auth",0,0', timeout=1)
    port.command('AT+MIPCFG="ssl",0,1,0', timeout=1)
    port.command('AT+MIPCFG="encoding",0,1,1', timeout=1)
    port.command('AT+MIPOPEN=0,"TCP","tls.example",443,,0', timeout=1)
    opened = time.monotonic()
    port.expect(b'+MIPOPEN: 0,0', timeout=10)
    handshake = time.monotonic() - opened
    port.command('AT+MIPSEND=0,5,68656c6c6f', timeout=1)
    port.expect(b'+MIPSEND: 0,5', timeout=1)
    port.expect(b'+MIPURC: "rtcp",0,5,68656C6C6F\r\n', timeout=5)  # the echo, hex-encoded
    port.command('AT+MIPCLOSE=0', timeout=1)
    total = time.monotonic() - start
    port.close()
    code, out, err = sim.stop()
    check_exit(code, err)
    print('onemo-ssl: session %.2f s wall clock (TLS open %.2f s); %s'
          % (total, handshake, summary(err)))


def typing(binary):
    link = '/tmp/lpwa-modem-pty-test-%d' % os.getpid()
    sim = Simulation(binary, ['--link=' + link, '--duration=30'])
    try:
        if os.path.realpath(link) != sim.path:
            raise Failure('%s does not point to %s' % (link, sim.path))
        port = Port(link)
        for key in b'AT\r':  # one key at a time, as a person types
            port.write(bytes([key]))
            time.sleep(0.15)
        got = port.expect(b'OK\r\n', timeout=2)
        if got != b'AT\r\r\nOK\r\n':
            raise Failure('typed AT, got %r' % got)
        port.close()
    finally:
        code, out, err = sim.stop()
    check_exit(code, err)
    if os.path.lexists(link):
        raise Failure('%s left behind' % link)
    print('typing: echo and OK seen; %s' % summary(err))


def reconnect(binary):
    sim = Simulation(binary, ['--duration=30'])
    port = Port(sim.path)
    port.command('ATE0')
    port.close()
    for i in range(3):
        port = Port(sim.path)
        got = port.command('AT')
        if got != b'\r\nOK\r\n':
            raise Failure('reopen %d: %r' % (i, got))
        # The answer of AT+QIACT=1 (1 s) arrives while nobody holds the PTY.
        port.write(b'AT+QIDEACT=1\r\n' if i % 2 else b'AT+QIACT=1\r\n')
        time.sleep(0.05)
        port.close()
        time.sleep(1.3)
    port = Port(sim.path)
    stale = port.read_for(0.5)
    if stale:
        raise Failure('output of the earlier session replayed: %r' % stale)
    port.command('AT')
    port.close()
    code, out, err = sim.stop()
    check_exit(code, err)
    discarded = int(summary(err).split('discarded (no program attached) ')[1].split(';')[0])
    if discarded == 0:
        raise Failure('no output was discarded while detached: %s' % summary(err))
    print('reconnect: 4 reopenings; %s' % summary(err))


def wrong_baud(binary):
    sim = Simulation(binary, ['--duration=30'])
    port = Port(sim.path, termios.B9600)
    attrs = termios.tcgetattr(port.fd)  # 8N2 (Linux PTYs refuse other sizes and parity)
    attrs[2] |= termios.CSTOPB
    termios.tcsetattr(port.fd, termios.TCSANOW, attrs)
    rng = random.Random(8)
    garbage = bytes(rng.randrange(256) for _ in range(3000))
    port.write(garbage + b'\r')
    port.read_for(1.0)
    port.buffer = b''
    got = port.command('AT')
    if not got.endswith(b'OK\r\n'):
        raise Failure('after garbage: %r' % got)
    port.close()
    code, out, err = sim.stop()
    check_exit(code, err)
    print('wrong-baud: 3000 random bytes at 9600 8N2, then AT -> OK; %s' % summary(err))


def never_reads(binary):
    sim = Simulation(binary, ['--duration=30', '--baud=921600', '--output-buffer=1024',
                              '--quiet'])
    port = Port(sim.path)
    # The module echoes every byte; the program writes 60000 bytes and reads none.
    data = b'A' * 60000
    written = 0
    while written < len(data):
        written += os.write(port.fd, data[written:written + 4096])
    time.sleep(1.5)
    if not any('does not read' in line for line in sim.err):
        raise Failure('no drop warning on stderr: %s' % sim.err)
    port.read_for(0.5)  # read again: the kernel's and the endpoint's buffers
    port.buffer = b''
    port.write(b'\r')
    port.expect(b'ERROR\r\n', timeout=2)  # the 60000-byte line is too long
    got = port.command('AT')
    port.close()
    code, out, err = sim.stop()
    check_exit(code, err)
    dropped = int(summary(err).split('dropped ')[1].split(',')[0])
    if dropped == 0 or dropped >= 60000:
        raise Failure('dropped %d of 60000' % dropped)
    print('never-reads: %d of 60000 echoed bytes dropped; then AT -> %r; %s'
          % (dropped, got, summary(err)))


def dtr(binary):
    sim = Simulation(binary, ['--duration=30'])
    port = Port(sim.path)
    port.command('ATE0')
    wait_registered(port, 'AT+CEREG?')
    port.command('AT&D1')
    port.command('AT+QICSGP=1,1,"apn","","",1')
    port.command('AT+QIACT=1', timeout=5)
    port.command('AT+QIOPEN=1,4,"TCP","10.0.0.1",7,0,2', final=b'CONNECT\r\n')
    port.write(b'through the pty\r\n')
    port.expect(b'through the pty', timeout=3)
    port.set_speed(termios.B0)  # POSIX: hang up, DTR off
    port.expect(b'OK\r\n', timeout=2)
    port.set_speed(termios.B115200)
    time.sleep(0.05)
    port.command('AT+QICLOSE=4', timeout=10)
    port.close()
    code, out, err = sim.stop()
    check_exit(code, err)
    print('dtr: B0 left transparent mode; %s' % summary(err))


def outage(binary):
    sim = Simulation(binary, ['--duration=30', '--outage-at=4', '--outage-for=2'])
    port = Port(sim.path)
    port.command('ATE0')
    wait_registered(port, 'AT+CEREG?')
    port.command('AT+QICSGP=1,1,"apn","","",1')
    port.command('AT+QIACT=1', timeout=5)
    port.command('AT+QIOPEN=1,0,"TCP","10.0.0.1",7,0,1')
    port.expect(b'+QIOPEN: 0,0', timeout=5)
    deadline = time.monotonic() + 5
    while not any('network link down' in line for line in sim.err):
        if time.monotonic() > deadline:
            raise Failure('no outage on stderr by 4 s: %s' % sim.err)
        time.sleep(0.05)
    down = time.monotonic()
    port.write(b'AT+QISEND=0,5\r\n')
    port.expect(b'> ', timeout=1)
    port.write(b'hello')
    port.expect(b'SEND OK', timeout=1)
    late = port.read_for(1.5)
    if b'recv' in late:
        raise Failure('echo during the outage: %r' % late)
    port.expect(b'+QIURC: "recv",0,5\r\nhello', timeout=8)  # TCP retransmits after it
    back = time.monotonic() - down
    port.close()
    code, out, err = sim.stop()
    check_exit(code, err)
    if not any('network link up again' in line for line in err):
        raise Failure('no end of outage on stderr: %s' % err)
    print('outage: echo %.2f s after the link went down (2 s outage); %s' % (back, summary(err)))


def check_exit(code, err):
    if code != 0:
        raise Failure('lpwa-modem-pty exited %d: %s' % (code, err))


def summary(err):
    for line in err:
        if line.startswith('lpwa-modem-pty: ran '):
            return line[len('lpwa-modem-pty: '):]
    raise Failure('no summary on stderr: %s' % err)


SCENARIOS = {
    'tinygsm-ssl': tinygsm_ssl,
    'tinygsm-bg96': tinygsm_bg96,
    'zephyr-bg9x': zephyr_bg9x,
    'zephyr-cellular-bg95': zephyr_cellular_bg95,
    'onemo-ssl': onemo_ssl,
    'typing': typing,
    'reconnect': reconnect,
    'wrong-baud': wrong_baud,
    'never-reads': never_reads,
    'dtr': dtr,
    'outage': outage,
}

if __name__ == '__main__':
    if len(sys.argv) != 3 or sys.argv[2] not in SCENARIOS:
        sys.exit(__doc__)
    try:
        SCENARIOS[sys.argv[2]](sys.argv[1])
    except Failure as e:
        print('FAIL %s: %s' % (sys.argv[2], e))
        sys.exit(1)
    finally:
        for proc in Simulation.running:
            if proc.poll() is None:
                proc.kill()
