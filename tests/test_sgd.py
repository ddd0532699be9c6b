"""The batched NumPy SGD against a plain one-network, one-image reference and finite differences."""

import numpy as np
import pytest

from instinct import sgd
from instinct.nn import Architecture
from tests import naive


def naive_loss_and_grad(arch, theta, x, y):
    """Backprop for one network, one image at a time, in loops a reader can check by eye."""
    act, slope = {"tanh": (np.tanh, lambda h: 1 - h * h), "relu": (lambda z: np.maximum(z, 0),
                  lambda h: (h > 0) * 1.0)}[arch.activation]  # fmt: skip
    grad = np.zeros_like(theta)
    total = 0.0
    lay = arch.layers()
    for xi, yi in zip(x, y, strict=True):
        hs = [np.asarray(xi, np.float64)]
        for k, (w, b, n_in, n_out) in enumerate(lay):
            z = hs[-1] @ theta[w].reshape(n_in, n_out) + theta[b]
            hs.append(act(z) if k < len(lay) - 1 else z)
        p = np.exp(hs[-1] - hs[-1].max())
        p /= p.sum()
        total += -np.log(p[yi])
        d = p.copy()
        d[yi] -= 1
        for k in range(len(lay) - 1, -1, -1):
            w, b, n_in, n_out = lay[k]
            grad[w] += np.outer(hs[k], d).ravel()
            grad[b] += d
            if k > 0:
                d = (theta[w].reshape(n_in, n_out) @ d) * slope(hs[k])
    return total / len(y), grad / len(y)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_batched_gradient_equals_the_naive_one(activation):
    arch = Architecture(6, (5, 4), 3, activation=activation, output="argmax")
    rng = np.random.default_rng(0)
    params = rng.normal(size=(3, arch.num_params))
    x, y = rng.random((7, 6)), rng.integers(0, 3, 7)
    loss, grad = sgd.loss_and_grad(arch, params, x, y)
    for p in range(3):
        ref_loss, ref_grad = naive_loss_and_grad(arch, params[p], x, y)
        assert loss[p] == pytest.approx(ref_loss, rel=1e-10)
        np.testing.assert_allclose(grad[p], ref_grad, rtol=1e-9, atol=1e-12)


def test_gradient_matches_finite_differences():
    arch = Architecture(4, (3,), 3, activation="tanh", output="argmax")
    rng = np.random.default_rng(1)
    theta = rng.normal(size=(1, arch.num_params))
    x, y = rng.random((5, 4)), rng.integers(0, 3, 5)
    _, grad = sgd.loss_and_grad(arch, theta, x, y)
    eps = 1e-6
    for d in range(arch.num_params):
        up, down = theta.copy(), theta.copy()
        up[0, d] += eps
        down[0, d] -= eps
        fd = (sgd.loss_and_grad(arch, up, x, y)[0] - sgd.loss_and_grad(arch, down, x, y)[0]) / 2e-6
        assert grad[0, d] == pytest.approx(fd[0], abs=1e-6)


def test_answers_match_the_plain_forward_pass_and_training_lowers_the_loss():
    arch = Architecture(8, (6,), 4, activation="tanh", output="argmax")
    rng = np.random.default_rng(2)
    params = rng.normal(size=(2, arch.num_params)).astype(np.float32)
    images, labels = rng.random((40, 8)), rng.integers(0, 4, 40)
    answers = sgd.predict(arch, params, images)
    for p in range(2):
        for n in range(40):
            assert answers[p, n] == np.argmax(naive.forward(params[p], None, arch, images[n]))
    batches = rng.integers(0, 40, (50, 8))
    trained = sgd.train(arch, params, images, labels, batches, lr=0.5)
    before = sgd.loss_and_grad(arch, params.astype(np.float64), images, labels)[0]
    after = sgd.loss_and_grad(arch, trained, images, labels)[0]
    assert np.all(after < before)
