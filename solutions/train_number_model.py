"""Train module 03's tiny Transformer: Turkish number words to digits.

    .venv/bin/python -m solutions.train_number_model            # train, write the weights
    .venv/bin/python -m solutions.train_number_model --check    # retrain, compare the checksum

The model has exactly the exercise contract's architecture and conventions, so
that the course's NumPy functions (``greedy_decode`` with ``encoder_layer`` and
``decoder_layer``) run the trained weights: one shared embedding table scaled
by sqrt(d_model) plus the interleaved sinusoidal encoding, one post-norm
encoder layer, one post-norm decoder layer, row-vector weights (``x @ W``),
attention without biases, ``W_out`` without a bias. It is written out by hand
in PyTorch (``torch.nn.Transformer`` has other conventions), with parameters
named like the NumPy dicts, so exporting is copying.

PyTorch is a test-only dependency: nothing the learner or the grader runs
imports this file. Training is seeded, on the CPU and single-threaded, so that
it is reproducible: the SHA-256 of the exported weights is stored with them and
``--check`` (and the ``slow`` test in ``tests/number_model``) retrains and
compares. The checksum was recorded with torch 2.13.0 on x86-64; another
PyTorch version or processor may round differently and give other weights.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from autograder.number_words import language
from autograder.number_words.model import MODEL_FILE, PARAMETER_NAMES, weights_checksum


@dataclass(frozen=True)
class Config:
    """Size of the model and of its training (the defaults made the shipped weights)."""

    d_model: int = 32
    num_heads: int = 2
    d_ff: int = 64
    steps: int = 1500
    batch_size: int = 128
    learning_rate: float = 3e-3
    warmup_steps: int = 200  # post-norm layers need a warm-up (Xiong et al., 2020)
    seed: int = 1


def sinusoidal(seq_len: int, d_model: int) -> torch.Tensor:
    """The contract's interleaved encoding (``sinusoidal_positional_encoding``), ``(T, d)``."""
    positions = torch.arange(seq_len, dtype=torch.float64)[:, None]
    even = torch.arange(0, d_model, 2, dtype=torch.float64)
    angles = positions / 10000.0 ** (even / d_model)
    pe = torch.zeros(seq_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angles)
    pe[:, 1::2] = torch.cos(angles[:, : d_model // 2])
    return pe.float()


class NumberModel(torch.nn.Module):
    """The tiny encoder-decoder Transformer, parameters named as in the NumPy model dict."""

    def __init__(self, vocab_size: int, config: Config) -> None:
        super().__init__()
        d, d_ff = config.d_model, config.d_ff
        self.config = config

        def weight(d_in: int, d_out: int) -> torch.nn.Parameter:
            return torch.nn.Parameter(torch.randn(d_in, d_out) / math.sqrt(d_in))

        def vector(value: float, size: int) -> torch.nn.Parameter:
            return torch.nn.Parameter(torch.full((size,), value))

        self.embedding = torch.nn.Parameter(torch.randn(vocab_size, d) / math.sqrt(d))
        self.encoder = torch.nn.ParameterDict(
            {name: weight(d, d) for name in ("W_q", "W_k", "W_v", "W_o")}
            | {"W_1": weight(d, d_ff), "b_1": vector(0.0, d_ff), "W_2": weight(d_ff, d),
               "b_2": vector(0.0, d)}
            | {f"{kind}_{i}": vector(1.0 if kind == "gamma" else 0.0, d)
               for i in (1, 2) for kind in ("gamma", "beta")}
        )
        self.decoder = torch.nn.ParameterDict(
            {f"W_{p}{i}": weight(d, d) for i in (1, 2) for p in "qkvo"}
            | {"W_1": weight(d, d_ff), "b_1": vector(0.0, d_ff), "W_2": weight(d_ff, d),
               "b_2": vector(0.0, d)}
            | {f"{kind}_{i}": vector(1.0 if kind == "gamma" else 0.0, d)
               for i in (1, 2, 3) for kind in ("gamma", "beta")}
        )
        self.W_out = weight(d, vocab_size)

    # ---------------------------------------------------------------- the contract's layers

    def attention(self, x_q, x_kv, W_q, W_k, W_v, W_o, mask) -> torch.Tensor:
        """``multi_head_attention`` with a boolean mask (True: may attend)."""
        B, T_q, d = x_q.shape
        H = self.config.num_heads

        def split(z):  # (B, T, d) -> (B, H, T, d_head)
            return z.reshape(B, z.shape[1], H, d // H).transpose(1, 2)

        Q, K, V = split(x_q @ W_q), split(x_kv @ W_k), split(x_kv @ W_v)
        scores = Q @ K.transpose(-1, -2) / (d // H) ** 0.5  # (B, H, T_q, T_k)
        scores = scores.masked_fill(~mask, float("-inf"))
        heads = torch.softmax(scores, dim=-1) @ V  # (B, H, T_q, d_head)
        return heads.transpose(1, 2).reshape(B, T_q, d) @ W_o

    @staticmethod
    def layer_norm(x, gamma, beta) -> torch.Tensor:
        mean = x.mean(-1, keepdim=True)
        var = x.var(-1, keepdim=True, unbiased=False)
        return gamma * (x - mean) / torch.sqrt(var + 1e-5) + beta

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        d = self.config.d_model
        return self.embedding[ids] * d**0.5 + sinusoidal(ids.shape[1], d)

    def encode(self, src: torch.Tensor, src_mask: torch.Tensor) -> torch.Tensor:
        """``encoder_layer`` on the embedded source; ``src_mask`` ``(B, T_x)`` marks real tokens."""
        p, x = self.encoder, self.embed(src)
        key_mask = src_mask[:, None, None, :]
        a = self.layer_norm(x + self.attention(x, x, p["W_q"], p["W_k"], p["W_v"], p["W_o"],
                                               key_mask), p["gamma_1"], p["beta_1"])
        ffn = torch.relu(a @ p["W_1"] + p["b_1"]) @ p["W_2"] + p["b_2"]
        return self.layer_norm(a + ffn, p["gamma_2"], p["beta_2"])

    def decode(self, tgt_in: torch.Tensor, memory: torch.Tensor,
               src_mask: torch.Tensor) -> torch.Tensor:
        """``decoder_layer`` on the embedded target prefix; returns the logits ``(B, T_y, V)``."""
        p, y = self.decoder, self.embed(tgt_in)
        T_y = y.shape[1]
        causal = torch.ones(T_y, T_y, dtype=torch.bool).tril()
        a = self.layer_norm(y + self.attention(y, y, p["W_q1"], p["W_k1"], p["W_v1"], p["W_o1"],
                                               causal), p["gamma_1"], p["beta_1"])
        b = self.layer_norm(a + self.attention(a, memory, p["W_q2"], p["W_k2"], p["W_v2"],
                                               p["W_o2"], src_mask[:, None, None, :]),
                            p["gamma_2"], p["beta_2"])
        ffn = torch.relu(b @ p["W_1"] + p["b_1"]) @ p["W_2"] + p["b_2"]
        h = self.layer_norm(b + ffn, p["gamma_3"], p["beta_3"])
        return h @ self.W_out

    def forward(self, src, src_mask, tgt_in) -> torch.Tensor:
        return self.decode(tgt_in, self.encode(src, src_mask), src_mask)

    def export(self) -> dict:
        """The NumPy model dict ``greedy_decode`` takes (float32 arrays)."""

        def numpy(t: torch.Tensor) -> np.ndarray:
            return t.detach().cpu().numpy().astype(np.float32)

        return {
            "embedding": numpy(self.embedding),
            "encoder": {k: numpy(v) for k, v in self.encoder.items()},
            "decoder": {k: numpy(v) for k, v in self.decoder.items()},
            "W_out": numpy(self.W_out),
        }


def from_exported(params: dict, num_heads: int) -> NumberModel:
    """A PyTorch model holding the NumPy model dict ``params`` (the inverse of ``export``)."""
    vocab_size, d_model = params["embedding"].shape
    d_ff = params["encoder"]["W_1"].shape[1]
    model = NumberModel(vocab_size, Config(d_model=d_model, num_heads=num_heads, d_ff=d_ff))
    with torch.no_grad():
        model.embedding.copy_(torch.from_numpy(params["embedding"]))
        model.W_out.copy_(torch.from_numpy(params["W_out"]))
        for group in ("encoder", "decoder"):
            for name, value in getattr(model, group).items():
                value.copy_(torch.from_numpy(params[group][name]))
    return model.eval()


def batch(numbers) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Padded ``(src, src_mask, tgt_in, tgt_out)`` for teacher forcing.

    ``tgt_in`` is the target shifted right (``<bos>`` first), ``tgt_out`` the
    target itself (the digits, then ``<eos>``); padding is ``<pad>`` (id 0).
    """
    sources = [language.encode_words(language.to_words(int(n))) for n in numbers]
    targets = [language.encode_digits(int(n)) for n in numbers]
    T_x, T_y = max(map(len, sources)), max(map(len, targets))
    src = np.full((len(numbers), T_x), language.PAD_ID)
    tgt_in = np.full((len(numbers), T_y), language.PAD_ID)
    tgt_out = np.full((len(numbers), T_y), language.PAD_ID)
    for i, (s, t) in enumerate(zip(sources, targets, strict=True)):
        src[i, : len(s)] = s
        tgt_in[i, 0], tgt_in[i, 1 : len(t)] = language.BOS_ID, t[:-1]
        tgt_out[i, : len(t)] = t
    src = torch.from_numpy(src)
    return src, src != language.PAD_ID, torch.from_numpy(tgt_in), torch.from_numpy(tgt_out)


def train(config: Config = Config(), log=print) -> tuple[NumberModel, dict]:
    """Train from scratch with ``config``; return the model and what was measured."""
    threads, deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(1)  # reproducible: one thread, one order of every sum
    torch.use_deterministic_algorithms(True)
    try:
        return _train(config, log)
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(deterministic)


def _train(config: Config, log) -> tuple[NumberModel, dict]:
    torch.manual_seed(config.seed)
    model = NumberModel(len(language.vocabulary()), config)
    optimiser = torch.optim.Adam(model.parameters(), lr=config.learning_rate)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / config.warmup_steps)
        * 0.5 * (1 + math.cos(math.pi * step / config.steps))
    )
    numbers = language.training_numbers()
    order = np.random.default_rng(config.seed)
    started = time.perf_counter()
    for step in range(config.steps):
        src, src_mask, tgt_in, tgt_out = batch(order.choice(numbers, config.batch_size))
        logits = model(src, src_mask, tgt_in)  # teacher forcing: the true prefix as input
        loss = torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1),
            ignore_index=language.PAD_ID,
        )
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 500 == 0 or step == config.steps - 1:
            log(f"step {step:5d}  loss {loss.item():.4f}")
    seconds = time.perf_counter() - started
    return model, {"training_seconds": round(seconds, 1), "final_loss": round(loss.item(), 5)}


def save(model: NumberModel, path: Path, measured: dict) -> str:
    """Write the weights (float32) with their metadata; return their checksum."""
    exported = model.export()
    flat = {f"{group}/{name}" if group else name: value
            for group, name, value in iterate(exported)}
    checksum = weights_checksum(flat)
    config = model.config
    np.savez_compressed(
        path, **flat,
        vocabulary=np.array(language.vocabulary()),
        num_heads=np.int64(config.num_heads),
        sha256=np.array(checksum),
        training_seconds=np.float64(measured["training_seconds"]),
    )
    return checksum


def iterate(exported: dict):
    """``(group, name, array)`` for every parameter, in :data:`PARAMETER_NAMES` order."""
    for key in PARAMETER_NAMES:
        group, _, name = key.rpartition("/")
        yield group, name, exported[group][name] if group else exported[name]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare with the checksum stored in --out")
    args = parser.parse_args(argv)
    model, measured = train()
    flat = {f"{g}/{n}" if g else n: v for g, n, v in iterate(model.export())}
    checksum = weights_checksum(flat)
    print(f"trained in {measured['training_seconds']} s, final loss {measured['final_loss']}, "
          f"sha256 {checksum}")
    if args.check:
        with np.load(args.out) as stored:
            recorded = str(stored["sha256"])
        same = checksum == recorded
        print("same weights as" if same else "DIFFERENT weights from", args.out)
        return 0 if same else 1
    save(model, args.out, measured)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
